package io.thinkgate.generation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SlotSchedulerTest {

    @Test
    void freeSlotsAreTakenAtOnceAndAFullQueueIsRefused() {
        SlotScheduler scheduler = new SlotScheduler(2, 0, 1);
        SlotScheduler.Lease first = scheduler.acquire(new Cancellation());
        SlotScheduler.Lease second = scheduler.acquire(new Cancellation());

        assertEquals(2, scheduler.active());
        assertThrows(QueueFullException.class, () -> scheduler.acquire(new Cancellation()));
        first.close();
        first.close();
        assertEquals(1, scheduler.active(), "closing a lease twice frees its slot once");
        second.close();
    }

    @Test
    void waitersAreServedInTheOrderTheyCame() throws Exception {
        SlotScheduler scheduler = new SlotScheduler(1, 5, 1);
        SlotScheduler.Lease held = scheduler.acquire(new Cancellation());
        List<Integer> order = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                int number = i;
                pool.submit(() -> {
                    try (SlotScheduler.Lease lease = scheduler.acquire(new Cancellation())) {
                        order.add(number);
                    }
                });
                awaitQueued(scheduler, i + 1);
            }
            held.close();
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(0, 1, 2, 3), order);
    }

    @Test
    void aWaiterWhoseClientLeavesIsTakenOutOfTheQueueAtOnce() throws Exception {
        SlotScheduler scheduler = new SlotScheduler(1, 5, 1);
        SlotScheduler.Lease held = scheduler.acquire(new Cancellation());
        Cancellation gone = new Cancellation();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<SlotScheduler.Lease> waiter = pool.submit(() -> scheduler.acquire(gone));
            awaitQueued(scheduler, 1);

            gone.cancel();

            Exception error = assertThrows(Exception.class, () -> waiter.get(5, TimeUnit.SECONDS));
            assertEquals(CancelledException.class, error.getCause().getClass());
            assertEquals(0, scheduler.queued());
            held.close();
            assertEquals(0, scheduler.active(), "the cancelled waiter holds no slot");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClientThatLeftBeforeItsTurnGetsNoSlot() {
        SlotScheduler scheduler = new SlotScheduler(1, 1, 1);
        Cancellation gone = new Cancellation();
        gone.cancel();

        assertThrows(CancelledException.class, () -> scheduler.acquire(gone));
        assertEquals(0, scheduler.active());
    }

    private static void awaitQueued(SlotScheduler scheduler, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (scheduler.queued() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, scheduler.queued());
    }
}
