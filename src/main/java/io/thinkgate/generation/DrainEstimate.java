package io.thinkgate.generation;

/**
 * How long until a refused request would find a slot, from the recent time requests hold a slot: the queue ahead
 * drains {@code slots} requests at a time. Feeds a 429's Retry-After, so that clients back off as long as the
 * server is actually busy rather than retrying every second into a full queue.
 */
final class DrainEstimate {

    /** Weight of the newest hold time in the moving average: about the last ten requests count. */
    private static final double WEIGHT = 0.1;
    private static final long MAX_SECONDS = 3_600;

    private final int minSeconds;
    private double meanHoldNanos;
    private boolean measured;

    DrainEstimate(int minSeconds) {
        this.minSeconds = Math.max(1, minSeconds);
    }

    synchronized void held(long nanos) {
        meanHoldNanos = measured ? meanHoldNanos + WEIGHT * (nanos - meanHoldNanos) : nanos;
        measured = true;
    }

    /** Whole seconds, at least the configured minimum and at most an hour. */
    synchronized int retryAfterSeconds(int queued, int slots) {
        double rounds = Math.ceil((queued + 1.0) / slots);
        long seconds = (long) Math.ceil(rounds * meanHoldNanos / 1e9);
        return (int) Math.min(MAX_SECONDS, Math.max(minSeconds, seconds));
    }
}
