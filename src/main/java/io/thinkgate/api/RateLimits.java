package io.thinkgate.api;

import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;
import io.thinkgate.auth.TokenBudget;
import io.thinkgate.config.RedisFailure;
import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.generation.CompletionResult;
import io.thinkgate.limits.LocalRateCounter;
import io.thinkgate.limits.RateCounter;
import io.thinkgate.limits.RedisRateCounter;
import io.thinkgate.limits.TokenLease;
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
 * Requests and tokens per minute, and tokens per budget period, for each API key, counted in this process or, with
 * {@code thinkgate.limits.redis}, in a Redis that every replica shares: a completion request over its key's minute
 * limits gets a 429 {@code rate_limit_exceeded}, and one whose key has spent its budget a 429
 * {@code insufficient_quota}, each with {@code Retry-After}; every completion reply carries OpenAI's
 * {@code x-ratelimit-*} headers for the minute bounds its key has. Tokens (prompt and reply, reasoning included)
 * count in the minute when the reply is done, and against the budget as they are generated: a reply that reaches
 * the budget ends there. While Redis can't be reached, requests pass uncounted ({@code redis-failure=open}) or get
 * a 503 ({@code closed}).
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);
    private static final long WARN_EVERY_MILLIS = 10_000;
    /** The routing context's entry for an admitted request's share of its key's budget. */
    private static final String LEASE = "thinkgate.token-lease";

    private final RateCounter counter;
    private final KeyLimits defaults;
    private final boolean failClosed;
    private final String store;
    private final HttpErrors errors;
    private final GatewayMetrics metrics;
    private final AtomicLong lastWarning = new AtomicLong();

    public RateLimits(ThinkGateConfig config, HttpErrors errors, GatewayMetrics metrics, Vertx vertx) {
        ThinkGateConfig.Limits limits = config.limits();
        this.defaults = new KeyLimits(limits.requestsPerMinute(), limits.tokensPerMinute(),
                limits.tokenBudget().map(RateLimits::budget));
        this.failClosed = limits.redisFailure() == RedisFailure.CLOSED;
        this.counter = limits.redis().<RateCounter>map(url -> new RedisRateCounter(vertx, url,
                limits.redisTimeout())).orElseGet(LocalRateCounter::new);
        this.store = limits.redis().isPresent() ? "redis" : "memory";
        this.errors = errors;
        this.metrics = metrics;
    }

    private static TokenBudget budget(String text) {
        try {
            return TokenBudget.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("thinkgate.limits.token-budget: " + e.getMessage(), e);
        }
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
            decided(context, key, limits, admission);
        }));
    }

    private void decided(RoutingContext context, String key, KeyLimits limits, MinuteWindows.Admission admission) {
        if (admission instanceof MinuteWindows.Admission.Admitted admitted) {
            admitted.advance().ifPresent(advance -> {
                TokenLease lease = new TokenLease(counter, key, limits.budget().orElseThrow(), advance, this::warn);
                context.put(LEASE, lease);
                // Also when the request ends before any generation (a 400, a client that left), so that the
                // tokens taken with the admission go back.
                context.addEndHandler(ended -> lease.close());
                if (context.response().closed()) {
                    lease.close();
                }
            });
            headers(context.response().headers(), admitted.quota());
            metrics.keyRequest(key, "admitted");
            context.next();
        } else if (admission instanceof MinuteWindows.Admission.Refused refused) {
            headers(context.response().headers(), refused.quota());
            context.response().putHeader("Retry-After", String.valueOf(refused.retryAfterSeconds()));
            if ("budget".equals(refused.bound())) {
                metrics.keyRequest(key, "over_budget");
                TokenBudget budget = limits.budget().orElseThrow();
                errors.send(context, 429, HttpErrors.INSUFFICIENT_QUOTA, "Key '" + key
                        + "' has used its token budget of " + budget.tokens() + " tokens per "
                        + budget.period().wireName() + " (UTC); it renews in " + refused.retryAfterSeconds() + " s",
                        false);
            } else {
                metrics.keyRequest(key, "rate_limited");
                errors.send(context, 429, "rate_limit_exceeded", "Rate limit reached for key '" + key + "': "
                        + refused.limit() + " " + refused.bound() + " per minute; retry in "
                        + refused.retryAfterSeconds() + " s", false);
            }
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

    /**
     * The share of its key's token budget that an admitted request's generation charges its tokens to; empty for a
     * key without a budget, a request without a key (keys off), or one let through uncounted.
     */
    Optional<TokenLease> lease(RoutingContext context) {
        return Optional.ofNullable(context.get(LEASE));
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
