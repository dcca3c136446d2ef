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

    @Test
    void firstTokenPercentilesAreNearestRank() {
        PhaseMeter m = new PhaseMeter("steady");
        assertTrue(Double.isNaN(m.firstTokenMillis(95)));
        for (int ms = 100; ms >= 1; ms--) {
            m.firstToken(ms * 1_000_000L);
        }
        assertEquals(50.0, m.firstTokenMillis(50), 1e-9);
        assertEquals(95.0, m.firstTokenMillis(95), 1e-9);
        assertEquals(100.0, m.firstTokenMillis(100), 1e-9);
        assertEquals(1.0, m.firstTokenMillis(0), 1e-9);
    }
}
