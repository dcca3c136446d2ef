package io.thinkgate.api;

import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;
import io.thinkgate.config.RedisFailure;
import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.generation.CompletionResult;
import io.thinkgate.limits.LocalRateCounter;
import io.thinkgate.limits.RateCounter;
import io.thinkgate.limits.RedisRateCounter;
import io.thinkgate.telemetry.GatewayMetrics;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests and tokens per minute for each API key, counted in this process or, with {@code thinkgate.limits.redis},
 * in a Redis that every replica shares: a completion request over its key's limit gets a 429
 * {@code rate_limit_exceeded} with {@code Retry-After}, and every completion reply carries OpenAI's
 * {@code x-ratelimit-*} headers for the bounds its key has. Tokens (prompt and reply, reasoning included) are
 * charged when the reply is done. While Redis can't be reached, requests pass uncounted
 * ({@code redis-failure=open}) or get a 503 ({@code closed}).
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);
    private static final long WARN_EVERY_MILLIS = 10_000;

    private final RateCounter counter;
    private final KeyLimits defaults;
    private final boolean failClosed;
    private final String store;
    private final HttpErrors errors;
    private final GatewayMetrics metrics;
    private final AtomicLong lastWarning = new AtomicLong();

    public RateLimits(ThinkGateConfig config, HttpErrors errors, GatewayMetrics metrics, Vertx vertx) {
        ThinkGateConfig.Limits limits = config.limits();
        this.defaults = new KeyLimits(limits.requestsPerMinute(), limits.tokensPerMinute());
        this.failClosed = limits.redisFailure() == RedisFailure.CLOSED;
        this.counter = limits.redis().<RateCounter>map(url -> new RedisRateCounter(vertx, url,
                limits.redisTimeout())).orElseGet(LocalRateCounter::new);
        this.store = limits.redis().isPresent() ? "redis" : "memory";
        this.errors = errors;
        this.metrics = metrics;
    }

    /** {@code memory} or {@code redis}. */
    String store() {
        return store;
    }

    boolean failsClosed() {
        return failClosed;
    }

    /** Why the shared counts can't be read now, or empty. */
    Optional<String> trouble() {
        return counter.trouble();
    }

    /**
     * Lets the request on ({@code context.next()}) if its key is under its bounds, else answers it with a 429;
     * {@code own} are the key's limits from the key file.
     */
    void admit(RoutingContext context, String key, KeyLimits own) {
        KeyLimits limits = own.or(defaults);
        if (limits.equals(KeyLimits.NONE)) {
            metrics.keyRequest(key, "admitted");
            context.next();
            return;
        }
        Context origin = Vertx.currentContext();
        context.request().pause();
        counter.admit(key, limits, System.currentTimeMillis()).thenAccept(admission -> origin.runOnContext(v -> {
            context.request().resume();
            decided(context, key, admission);
        }));
    }

    private void decided(RoutingContext context, String key, MinuteWindows.Admission admission) {
        if (admission instanceof MinuteWindows.Admission.Admitted admitted) {
            headers(context.response().headers(), admitted.quota());
            metrics.keyRequest(key, "admitted");
            context.next();
        } else if (admission instanceof MinuteWindows.Admission.Refused refused) {
            headers(context.response().headers(), refused.quota());
            metrics.keyRequest(key, "rate_limited");
            context.response().putHeader("Retry-After", String.valueOf(refused.retryAfterSeconds()));
            errors.send(context, 429, "rate_limit_exceeded", "Rate limit reached for key '" + key + "': "
                    + refused.limit() + " " + refused.bound() + " per minute; retry in " + refused.retryAfterSeconds()
                    + " s", false);
        } else {
            String reason = ((MinuteWindows.Admission.Unavailable) admission).reason();
            warn(reason);
            if (failClosed) {
                metrics.keyRequest(key, "unavailable");
                context.response().putHeader("Retry-After", "1");
                errors.send(context, 503, "rate_limits_unavailable", "The rate limit counts cannot be read now ("
                        + "thinkgate.limits.redis-failure=closed); retry shortly", false);
            } else {
                metrics.keyRequest(key, "uncounted");
                context.next();
            }
        }
    }

    private void warn(String reason) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("Rate limits cannot be counted (%s): requests are %s", reason,
                    failClosed ? "refused with 503 (redis-failure=closed)" : "let through uncounted (redis-failure=open)");
        }
    }

    /** Charges a finished reply's tokens to its key; a request without a key (keys off) is not counted. */
    void charge(Optional<String> key, CompletionResult result) {
        key.ifPresent(k -> {
            counter.charge(k, (long) result.promptTokens() + result.completionTokens(), System.currentTimeMillis());
            metrics.keyTokens(k, result.promptTokens(), result.completionTokens(), result.reasoningTokens());
        });
    }

    @PreDestroy
    void close() {
        counter.close();
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
