package io.thinkgate.api;

import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;
import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.generation.CompletionResult;
import io.thinkgate.telemetry.GatewayMetrics;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Requests and tokens per minute for each API key, kept in this process: a completion request over its key's
 * limit gets a 429 {@code rate_limit_exceeded} with {@code Retry-After}, and every completion reply carries
 * OpenAI's {@code x-ratelimit-*} headers for the bounds its key has. Tokens (prompt and reply, reasoning included)
 * are charged when the reply is done.
 */
@ApplicationScoped
public class RateLimits {

    private final MinuteWindows windows = new MinuteWindows();
    private final KeyLimits defaults;
    private final HttpErrors errors;
    private final GatewayMetrics metrics;

    public RateLimits(ThinkGateConfig config, HttpErrors errors, GatewayMetrics metrics) {
        this.defaults = new KeyLimits(config.limits().requestsPerMinute(), config.limits().tokensPerMinute());
        this.errors = errors;
        this.metrics = metrics;
    }

    /** Admits the request or answers it with a 429; {@code own} are the key's limits from the key file. */
    boolean admit(RoutingContext context, String key, KeyLimits own) {
        MinuteWindows.Admission admission = windows.admit(key, own.or(defaults), System.currentTimeMillis());
        headers(context.response().headers(), admission.quota());
        if (admission instanceof MinuteWindows.Admission.Refused refused) {
            metrics.keyRequest(key, "rate_limited");
            context.response().putHeader("Retry-After", String.valueOf(refused.retryAfterSeconds()));
            errors.send(context, 429, "rate_limit_exceeded", "Rate limit reached for key '" + key + "': "
                    + refused.limit() + " " + refused.bound() + " per minute; retry in " + refused.retryAfterSeconds()
                    + " s", false);
            return false;
        }
        metrics.keyRequest(key, "admitted");
        return true;
    }

    /** Charges a finished reply's tokens to its key; a request without a key (keys off) is not counted. */
    void charge(Optional<String> key, CompletionResult result) {
        key.ifPresent(k -> {
            windows.charge(k, (long) result.promptTokens() + result.completionTokens(), System.currentTimeMillis());
            metrics.keyTokens(k, result.promptTokens(), result.completionTokens(), result.reasoningTokens());
        });
    }

    private static void headers(MultiMap headers, MinuteWindows.Quota quota) {
        String reset = (quota.resetMillis() + 999) / 1000 + "s";
        bound(headers, "requests", quota.limitRequests(), quota.remainingRequests(), reset);
        bound(headers, "tokens", quota.limitTokens(), quota.remainingTokens(), reset);
    }

    private static void bound(MultiMap headers, String what, OptionalLong limit, long remaining, String reset) {
        if (limit.isPresent()) {
            headers.set("x-ratelimit-limit-" + what, String.valueOf(limit.getAsLong()));
            headers.set("x-ratelimit-remaining-" + what, String.valueOf(remaining));
            headers.set("x-ratelimit-reset-" + what, reset);
        }
    }
}
