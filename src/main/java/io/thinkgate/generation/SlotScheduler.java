package io.thinkgate.generation;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits requests to the engine's slots, with a bounded wait queue in front. A request that finds the queue full is
 * refused at once rather than queued without limit.
 */
public final class SlotScheduler {

    private static final long POLL_MILLIS = 20;

    private final int slots;
    private final int queueCapacity;
    private final Semaphore free;
    private final AtomicInteger waiting = new AtomicInteger();

    public SlotScheduler(int slots, int queueCapacity) {
        if (slots < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("need at least one slot and a non-negative queue capacity");
        }
        this.slots = slots;
        this.queueCapacity = queueCapacity;
        this.free = new Semaphore(slots, true);
    }

    /** Waits for a slot; the returned lease gives it back when closed. */
    public Lease acquire(Cancellation cancellation) {
        if (free.tryAcquire()) {
            return new Lease();
        }
        if (waiting.incrementAndGet() > queueCapacity) {
            waiting.decrementAndGet();
            throw new QueueFullException(queueCapacity);
        }
        try {
            while (!free.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (cancellation.isCancelled()) {
                    throw new CancelledException();
                }
            }
            return new Lease();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } finally {
            waiting.decrementAndGet();
        }
    }

    public int active() {
        return slots - free.availablePermits();
    }

    public int queued() {
        return waiting.get();
    }

    /** A held slot. Closing it is idempotent and thread-safe: the I/O thread may release it when a client leaves. */
    public final class Lease implements AutoCloseable {
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease() {
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                free.release();
            }
        }
    }
}
