package io.thinkgate.loadtests;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client-side throughput of one phase of a run: generated tokens of its completed streams (from their usage
 * chunks) over the time from its first request to its last answer.
 */
final class PhaseMeter {

    private final String name;
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong reasoningTokens = new AtomicLong();
    private final AtomicLong streams = new AtomicLong();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);
    private final List<Long> firstTokenNanos = Collections.synchronizedList(new ArrayList<>());

    PhaseMeter(String name) {
        this.name = name;
    }

    void started(long nanos) {
        firstStart.accumulateAndGet(nanos, Math::min);
    }

    /** A stream's time to first token: from sending its request to its first chunk with text. */
    void firstToken(long nanos) {
        firstTokenNanos.add(nanos);
    }

    /** The time to first token below which {@code percent} of the streams got theirs, in ms; NaN before any. */
    double firstTokenMillis(double percent) {
        List<Long> sorted;
        synchronized (firstTokenNanos) {
            sorted = new ArrayList<>(firstTokenNanos);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }

    void completed(long nanos, long completionTokens, long reasoning) {
        lastEnd.accumulateAndGet(nanos, Math::max);
        tokens.addAndGet(completionTokens);
        reasoningTokens.addAndGet(reasoning);
        streams.incrementAndGet();
    }

    String name() {
        return name;
    }

    long streams() {
        return streams.get();
    }

    /** Mean tokens per completed stream, and of them reasoning tokens; NaN before one has completed. */
    double meanTokens() {
        return streams.get() == 0 ? Double.NaN : (double) tokens.get() / streams.get();
    }

    double meanReasoningTokens() {
        return streams.get() == 0 ? Double.NaN : (double) reasoningTokens.get() / streams.get();
    }

    /** Tokens per second of the phase; NaN before one stream has completed. */
    double tokensPerSecond() {
        long span = lastEnd.get() - firstStart.get();
        return streams.get() == 0 || span <= 0 ? Double.NaN : tokens.get() / (span / 1e9);
    }
}
