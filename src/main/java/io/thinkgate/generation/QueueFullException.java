package io.thinkgate.generation;

/** Every slot is busy and the wait queue is full. */
public final class QueueFullException extends RuntimeException {

    private final int retryAfterSeconds;

    public QueueFullException(int capacity, int retryAfterSeconds) {
        super("All slots are busy and " + capacity + " requests are already waiting; retry in " + retryAfterSeconds
                + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
