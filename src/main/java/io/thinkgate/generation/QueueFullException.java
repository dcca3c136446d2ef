package io.thinkgate.generation;

/** Every slot is busy and the wait queue is full. */
public final class QueueFullException extends RuntimeException {

    public QueueFullException(int capacity) {
        super("all slots are busy and " + capacity + " requests are already waiting; retry later", null, false, false);
    }
}
