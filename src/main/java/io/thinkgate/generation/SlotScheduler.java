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

    private final int slots;
    private final int queueCapacity;
    private final Semaphore free;
    private final AtomicInteger waiting = new AtomicInteger();
    private final DrainEstimate drain;

    /** @param minRetryAfterSeconds the least Retry-After a refusal gives */
    public SlotScheduler(int slots, int queueCapacity, int minRetryAfterSeconds) {
        if (slots < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("need at least one slot and a non-negative queue capacity");
        }
        this.slots = slots;
        this.queueCapacity = queueCapacity;
        this.free = new Semaphore(slots, true);
        this.drain = new DrainEstimate(minRetryAfterSeconds);
    }

    /**
     * Waits for a slot, first come first served; the returned lease gives it back when closed. A request whose
     * client leaves while it waits is taken out of the queue at once.
     */
    public Lease acquire(Cancellation cancellation) {
        if (tryAcquireInTurn()) {
            return leaseUnlessCancelled(cancellation);
        }
        if (waiting.incrementAndGet() > queueCapacity) {
            waiting.decrementAndGet();
            throw new QueueFullException(queueCapacity, drain.retryAfterSeconds(queueCapacity, slots));
        }
        Thread waiter = Thread.currentThread();
        try (Cancellation.Registration wakeUp = cancellation.onCancel(waiter::interrupt)) {
            free.acquire();
        } catch (InterruptedException e) {
            throw new CancelledException();
        } finally {
            waiting.decrementAndGet();
        }
        Thread.interrupted();
        return leaseUnlessCancelled(cancellation);
    }

    /** Takes a free slot unless others are already waiting for one (the fair semaphore keeps their order). */
    private boolean tryAcquireInTurn() {
        try {
            return free.tryAcquire(0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /** A slot won just as the client left goes straight back. */
    private Lease leaseUnlessCancelled(Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            free.release();
            throw new CancelledException();
        }
        return new Lease();
    }

    public int active() {
        return slots - free.availablePermits();
    }

    /** A refused request counts itself for an instant before it leaves; it never waited, so it is not shown. */
    public int queued() {
        return Math.min(waiting.get(), queueCapacity);
    }

    public int slots() {
        return slots;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    /** A held slot. Closing it is idempotent and thread-safe: the I/O thread may release it when a client leaves. */
    public final class Lease implements AutoCloseable {
        private final AtomicBoolean released = new AtomicBoolean();
        private final long takenNanos = System.nanoTime();

        private Lease() {
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                drain.held(System.nanoTime() - takenNanos);
                free.release();
            }
        }
    }
}
