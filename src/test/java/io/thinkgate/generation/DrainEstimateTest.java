package io.thinkgate.generation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DrainEstimateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void beforeAnyRequestHasFinishedTheMinimumIsGiven() {
        assertEquals(1, new DrainEstimate(1).retryAfterSeconds(16, 2));
        assertEquals(3, new DrainEstimate(3).retryAfterSeconds(16, 2));
        assertEquals(1, new DrainEstimate(0).retryAfterSeconds(16, 2), "never less than one second");
    }

    @Test
    void theQueueAheadDrainsOneRoundOfSlotsPerMeanHoldTime() {
        DrainEstimate estimate = new DrainEstimate(1);
        estimate.held(4 * SECOND);

        assertEquals(36, estimate.retryAfterSeconds(16, 2), "17 requests on 2 slots: 9 rounds of 4 s");
        assertEquals(4, estimate.retryAfterSeconds(0, 2), "one round");
        assertEquals(68, estimate.retryAfterSeconds(16, 1));
    }

    @Test
    void theMeanFollowsRecentHoldTimes() {
        DrainEstimate estimate = new DrainEstimate(1);
        estimate.held(10 * SECOND);
        for (int i = 0; i < 100; i++) {
            estimate.held(SECOND / 2);
        }

        assertEquals(1, estimate.retryAfterSeconds(0, 1));
    }

    @Test
    void theEstimateIsCappedAtAnHour() {
        DrainEstimate estimate = new DrainEstimate(1);
        estimate.held(1_000 * SECOND);

        assertEquals(3_600, estimate.retryAfterSeconds(1_000, 1));
    }
}
