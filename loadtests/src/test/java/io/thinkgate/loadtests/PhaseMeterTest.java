package io.thinkgate.loadtests;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhaseMeterTest {

    @Test
    void throughputRunsFromTheFirstStartToTheLastEnd() {
        PhaseMeter m = new PhaseMeter("steady");
        assertTrue(Double.isNaN(m.tokensPerSecond()));
        m.started(1_000_000_000L);
        m.started(1_500_000_000L);
        m.completed(2_000_000_000L, 100, 80);
        m.completed(3_000_000_000L, 300, 0);
        assertEquals(200.0, m.tokensPerSecond(), 1e-9);
        assertEquals(2, m.streams());
        assertEquals(200.0, m.meanTokens(), 1e-9);
        assertEquals(40.0, m.meanReasoningTokens(), 1e-9);
    }
}
