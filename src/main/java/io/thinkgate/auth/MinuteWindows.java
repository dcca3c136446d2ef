package io.thinkgate.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Requests and tokens per key in fixed one-minute windows (aligned to the epoch minute, as a shared counter with a
 * one-minute expiry is). A request is admitted while its key's window is under both bounds and its budget period
 * (counted by {@link PeriodBudgets} or a shared store) has tokens left; its tokens, the prompt's and the reply's,
 * are charged to the window in which it ends.
 */
public final class MinuteWindows {

    public static final long MINUTE = 60_000;

    /** Where a key stands in its window, for the {@code x-ratelimit-*} headers. */
    public record Quota(OptionalLong limitRequests, long remainingRequests, OptionalLong limitTokens,
                        long remainingTokens, long resetMillis) {
    }

    /** The verdict on one request. */
    public sealed interface Admission {

        /**
         * @param advance the first tokens of the key's budget, taken with the admission so that a short request
         *     needs no second trip to the store; empty for a key without a budget
         */
        record Admitted(Quota quota, Optional<BudgetGrant> advance) implements Admission {

            public Admitted withAdvance(BudgetGrant grant) {
                return new Admitted(quota, Optional.of(grant));
            }
        }

        /**
         * @param bound {@code requests} or {@code tokens} (per minute) or {@code budget} (per period): which limit
         *     the key has used up
         */
        record Refused(String bound, long limit, long retryAfterSeconds, Quota quota) implements Admission {
        }

        /** The counts could not be read (a shared store that is down). */
        record Unavailable(String reason) implements Admission {
        }
    }

    private static final class Window {
        long minute = Long.MIN_VALUE;
        long requests;
        long tokens;

        void roll(long nowMillis) {
            long current = minuteOf(nowMillis);
            if (current != minute) {
                minute = current;
                requests = 0;
                tokens = 0;
            }
        }
    }

    private final Map<String, Window> windows = new HashMap<>();

    public static long minuteOf(long nowMillis) {
        return Math.floorDiv(nowMillis, MINUTE);
    }

    /** Milliseconds until the minute of {@code nowMillis} ends. */
    public static long resetMillis(long nowMillis) {
        return (minuteOf(nowMillis) + 1) * MINUTE - nowMillis;
    }

    /**
     * The verdict on a request whose key has made {@code requests} requests and used {@code tokens} tokens in this
     * minute before it, and {@code budgetUsed} tokens of its budget's period; an admitted request counts one more.
     */
    public static Admission decide(long requests, long tokens, long budgetUsed, KeyLimits limits, long nowMillis) {
        long reset = resetMillis(nowMillis);
        if (limits.requestsPerMinute().isPresent() && requests >= limits.requestsPerMinute().getAsLong()) {
            return new Admission.Refused("requests", limits.requestsPerMinute().getAsLong(), seconds(reset),
                    quota(requests, tokens, limits, reset));
        }
        if (limits.tokensPerMinute().isPresent() && tokens >= limits.tokensPerMinute().getAsLong()) {
            return new Admission.Refused("tokens", limits.tokensPerMinute().getAsLong(), seconds(reset),
                    quota(requests, tokens, limits, reset));
        }
        if (limits.budget().isPresent() && budgetUsed >= limits.budget().get().tokens()) {
            TokenBudget budget = limits.budget().get();
            return new Admission.Refused("budget", budget.tokens(), seconds(budget.period().resetMillis(nowMillis)),
                    quota(requests, tokens, limits, reset));
        }
        return new Admission.Admitted(quota(requests + 1, tokens, limits, reset), Optional.empty());
    }

    /** Admits and counts a request of {@code key}, which has used {@code budgetUsed} tokens of its budget's period. */
    public synchronized Admission admit(String key, KeyLimits limits, long budgetUsed, long nowMillis) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        w.roll(nowMillis);
        Admission admission = decide(w.requests, w.tokens, budgetUsed, limits, nowMillis);
        if (admission instanceof Admission.Admitted) {
            w.requests++;
        }
        return admission;
    }

    public synchronized void charge(String key, long tokens, long nowMillis) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        w.roll(nowMillis);
        w.tokens = Math.addExact(w.tokens, Math.max(0, tokens));
    }

    private static Quota quota(long requests, long tokens, KeyLimits limits, long reset) {
        return new Quota(limits.requestsPerMinute(), remaining(limits.requestsPerMinute(), requests),
                limits.tokensPerMinute(), remaining(limits.tokensPerMinute(), tokens), reset);
    }

    private static long remaining(OptionalLong limit, long used) {
        return limit.isPresent() ? Math.max(0, limit.getAsLong() - used) : Long.MAX_VALUE;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
