package io.thinkgate.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Requests and tokens per key in fixed one-minute windows (aligned to the epoch minute, as a shared counter with a
 * one-minute expiry would be). A request is admitted while its key's window is under both bounds; its tokens, the
 * prompt's and the reply's, are charged to the window in which it ends.
 */
public final class MinuteWindows {

    private static final long MINUTE = 60_000;

    /** Where a key stands in its window, for the {@code x-ratelimit-*} headers. */
    public record Quota(OptionalLong limitRequests, long remainingRequests, OptionalLong limitTokens,
                        long remainingTokens, long resetMillis) {
    }

    /** The verdict on one request. */
    public sealed interface Admission {
        Quota quota();

        record Admitted(Quota quota) implements Admission {
        }

        /** @param bound {@code requests} or {@code tokens}: which limit the key has used up */
        record Refused(String bound, long limit, long retryAfterSeconds, Quota quota) implements Admission {
        }
    }

    private static final class Window {
        long minute = Long.MIN_VALUE;
        long requests;
        long tokens;

        void roll(long nowMillis) {
            long current = Math.floorDiv(nowMillis, MINUTE);
            if (current != minute) {
                minute = current;
                requests = 0;
                tokens = 0;
            }
        }
    }

    private final Map<String, Window> windows = new HashMap<>();

    public synchronized Admission admit(String key, KeyLimits limits, long nowMillis) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        w.roll(nowMillis);
        long reset = (w.minute + 1) * MINUTE - nowMillis;
        if (limits.requestsPerMinute().isPresent() && w.requests >= limits.requestsPerMinute().getAsLong()) {
            return new Admission.Refused("requests", limits.requestsPerMinute().getAsLong(), seconds(reset),
                    quota(w, limits, reset));
        }
        if (limits.tokensPerMinute().isPresent() && w.tokens >= limits.tokensPerMinute().getAsLong()) {
            return new Admission.Refused("tokens", limits.tokensPerMinute().getAsLong(), seconds(reset),
                    quota(w, limits, reset));
        }
        w.requests++;
        return new Admission.Admitted(quota(w, limits, reset));
    }

    public synchronized void charge(String key, long tokens, long nowMillis) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        w.roll(nowMillis);
        w.tokens = Math.addExact(w.tokens, Math.max(0, tokens));
    }

    private static Quota quota(Window w, KeyLimits limits, long reset) {
        return new Quota(limits.requestsPerMinute(), remaining(limits.requestsPerMinute(), w.requests),
                limits.tokensPerMinute(), remaining(limits.tokensPerMinute(), w.tokens), reset);
    }

    private static long remaining(OptionalLong limit, long used) {
        return limit.isPresent() ? Math.max(0, limit.getAsLong() - used) : Long.MAX_VALUE;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
