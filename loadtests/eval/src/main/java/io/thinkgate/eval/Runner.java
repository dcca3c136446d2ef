package io.thinkgate.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every arm on every item not yet in the results, with at most {@code concurrency} requests at once, and
 * prints progress (done/total, rate, ETA) once a second. A failed item is counted and kept, never fatal.
 */
public final class Runner {

    private final Client client;
    private final Optional<Judge> judge;
    private final int concurrency;
    private final PrintStream progress;

    public Runner(Client client, Optional<Judge> judge, int concurrency, PrintStream progress) {
        this.client = client;
        this.judge = judge;
        this.concurrency = concurrency;
        this.progress = progress;
    }

    /** @return the failures of this run (kept apart: a rerun tries those items again) */
    public List<ItemResult> run(List<Arm> arms, List<Item> items, ResultsFile results) throws Exception {
        List<Runnable> tasks = new ArrayList<>();
        List<ItemResult> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        for (Arm arm : arms) {
            for (Item item : items) {
                if (!results.has(arm.name(), item.id())) {
                    tasks.add(() -> {
                        ItemResult r = evaluate(arm, item);
                        try {
                            results.add(r);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        if (r.failed()) {
                            failures.add(r);
                            failed.incrementAndGet();
                        }
                        finished.incrementAndGet();
                    });
                }
            }
        }
        int total = tasks.size();
        progress.printf(Locale.ROOT, "eval: %d arms x %d items; %d done before, %d to run, %d at a time%n",
                arms.size(), items.size(), results.resumed(), total, concurrency);
        long t0 = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "eval-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> line(finished.get(), failed.get(), total, t0), 1, 1, TimeUnit.SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            ticker.shutdownNow();
        }
        line(finished.get(), failed.get(), total, t0);
        return failures;
    }

    private void line(int done, int failed, int total, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        String eta = done == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", (total - done) / rate);
        progress.printf(Locale.ROOT, "eval: %d/%d done (%.0f%%), %.2f/s, ETA %s, %d failed%n", done, total,
                total == 0 ? 100.0 : 100.0 * done / total, rate, eta, failed);
    }

    ItemResult evaluate(Arm arm, Item item) {
        try {
            return checked(arm, item, client.send(item.prompt(), arm), judge);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The reply checked against the item's answer; what cannot be checked is a failed item, not a failed run. */
    static ItemResult checked(Arm arm, Item item, Client.Reply reply, Optional<Judge> judge)
            throws InterruptedException {
        if (reply.error() != null) {
            return result(arm, item, reply, false, reply.error());
        }
        try {
            if (item.checker() == Checker.JUDGE) {
                return judge.isEmpty() ? result(arm, item, reply, false, "the item needs a judge (--judge URL)")
                        : result(arm, item, reply, judge.get().agrees(item.prompt(), item.answer(), reply.content()),
                                null);
            }
            return result(arm, item, reply, item.checker().check(reply.content(), item.answer()), null);
        } catch (IOException e) {
            return result(arm, item, reply, false, "judge: " + e.getMessage());
        } catch (RuntimeException e) {
            return result(arm, item, reply, false, "cannot check: " + e);
        }
    }

    private static ItemResult result(Arm arm, Item item, Client.Reply reply, boolean correct, String error) {
        String text = reply.content().length() > 300 ? reply.content().substring(0, 300) : reply.content();
        return new ItemResult(arm.name(), item.id(), item.group(), correct, reply.reasoningTokens(),
                reply.completionTokens(), reply.latencyMs(), reply.ttftMs(), reply.chosen(), error, text);
    }
}
