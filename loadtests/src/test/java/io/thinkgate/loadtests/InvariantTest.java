package io.thinkgate.loadtests;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvariantTest {

    private static ServerSample queued(double seconds, double queued) {
        return new ServerSample(seconds, 2, queued, 2, 16, 0, 0, 0, -1);
    }

    @Test
    void aQueueOverItsCapacityIsNamedWithItsTime() {
        Invariant bound = Invariant.queueWithinItsBound();
        PrometheusText none = PrometheusText.parse("");
        assertTrue(bound.violation(List.of(queued(0, 0), queued(1, 16)), none).isEmpty());
        assertEquals("at 2.0 s the queue held 17 requests, over its capacity 16",
                bound.violation(List.of(queued(1, 16), queued(2, 17)), none).orElseThrow());
        assertTrue(bound.violation(List.of(new ServerSample(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0,
                0, -1)), none).isEmpty(), "a server that doesn't say breaks nothing");
    }

    @Test
    void aSlotHeldAfterTheLoadIsALeak() {
        Invariant leak = Invariant.nothingHeldAfterTheLoad();
        assertTrue(leak.violation(List.of(), PrometheusText.parse(
                "thinkgate_requests_active 0\nthinkgate_requests_queued 0\n")).isEmpty());
        assertEquals("after the load 1 requests still hold a slot and 0 wait", leak.violation(List.of(),
                PrometheusText.parse("thinkgate_requests_active 1\nthinkgate_requests_queued 0\n")).orElseThrow());
        assertTrue(leak.violation(List.of(), PrometheusText.parse("")).isEmpty());
    }
}
