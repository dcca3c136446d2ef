package io.thinkgate.limits;

import io.thinkgate.auth.BudgetGrant;
import io.thinkgate.auth.BudgetPeriod;
import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;
import io.thinkgate.auth.TokenBudget;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Counts in Redis, so that every replica sees the same counts and they outlive a restart: per key and minute a
 * requests counter and a tokens counter ({@code thinkgate:rate:<key>:<minute>:requests|tokens}) that expire a
 * minute after their window, and per key and budget period the tokens taken
 * ({@code thinkgate:budget:<key>:<period>:<index>}), which expire an hour after their period. A request is checked
 * and counted in one Lua script, and so is a grant of budget tokens, so two replicas cannot both take a key's last
 * request of the minute or its last tokens of the period.
 */
public final class RedisRateCounter implements RateCounter {

    private static final String ADMIT = """
            local requests = tonumber(redis.call('GET', KEYS[1]) or '0')
            local tokens = tonumber(redis.call('GET', KEYS[2]) or '0')
            local used = 0
            if #KEYS > 2 then
              used = tonumber(redis.call('GET', KEYS[3]) or '0')
            end
            local rpm = tonumber(ARGV[1])
            local tpm = tonumber(ARGV[2])
            local budget = tonumber(ARGV[4])
            local advance = 0
            if not ((rpm >= 0 and requests >= rpm) or (tpm >= 0 and tokens >= tpm)
                or (budget >= 0 and used >= budget)) then
              redis.call('INCR', KEYS[1])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              if #KEYS > 2 then
                advance = math.min(tonumber(ARGV[5]), budget - used)
                redis.call('INCRBY', KEYS[3], advance)
                redis.call('PEXPIREAT', KEYS[3], ARGV[6])
              end
            end
            return {requests, tokens, used, advance}
            """;

    /** {@link io.thinkgate.auth.PeriodBudgets#grant}, where every replica's grants meet. */
    private static final String RESERVE = """
            local used = tonumber(redis.call('GET', KEYS[1]) or '0')
            local budget = tonumber(ARGV[1])
            local minimum = tonumber(ARGV[2])
            local wanted = tonumber(ARGV[3])
            local granted = math.max(minimum, math.min(wanted, math.max(0, budget - used)))
            if granted > 0 then
              redis.call('INCRBY', KEYS[1], granted)
              redis.call('PEXPIREAT', KEYS[1], ARGV[4])
            end
            return granted
            """;

    private static final String RELEASE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('DECRBY', KEYS[1], ARGV[1])
            end
            return 0
            """;

    private static final long BUDGET_KEPT_AFTER_PERIOD_MILLIS = 3_600_000;

    private final Redis client;
    private final RedisAPI redis;
    private final Duration timeout;
    private final Vertx vertx;
    private final long pinger;
    private volatile String trouble;

    public RedisRateCounter(Vertx vertx, String url, Duration timeout) {
        this.vertx = vertx;
        this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
        this.redis = RedisAPI.api(client);
        this.timeout = timeout;
        // A replica that sends no request still learns when Redis goes away or comes back (for its health).
        this.pinger = vertx.setPeriodic(5_000, id -> track(redis.ping(List.of())));
    }

    static String key(String apiKey, long minute, String counter) {
        return "thinkgate:rate:" + apiKey + ":" + minute + ":" + counter;
    }

    static String budgetKey(String apiKey, BudgetPeriod period, long index) {
        return "thinkgate:budget:" + apiKey + ":" + period.wireName() + ":" + index;
    }

    @Override
    public CompletionStage<MinuteWindows.Admission> admit(String key, KeyLimits limits, long nowMillis) {
        long minute = MinuteWindows.minuteOf(nowMillis);
        Optional<TokenBudget> budget = limits.budget();
        long index = budget.map(b -> b.period().index(nowMillis)).orElse(0L);
        List<String> args = new ArrayList<>(List.of(ADMIT, budget.isPresent() ? "3" : "2",
                key(key, minute, "requests"), key(key, minute, "tokens")));
        budget.ifPresent(b -> args.add(budgetKey(key, b.period(), index)));
        args.addAll(List.of(String.valueOf(limits.requestsPerMinute().orElse(-1)),
                String.valueOf(limits.tokensPerMinute().orElse(-1)),
                String.valueOf(MinuteWindows.resetMillis(nowMillis) + MinuteWindows.MINUTE),
                String.valueOf(budget.map(TokenBudget::tokens).orElse(-1L)), String.valueOf(TokenLease.BLOCK),
                String.valueOf(budget.map(b -> expiry(b, nowMillis)).orElse(0L))));
        return track(redis.eval(args)).thenApply(counts -> {
            MinuteWindows.Admission admission = MinuteWindows.decide(counts.get(0).toLong(), counts.get(1).toLong(),
                    counts.get(2).toLong(), limits, nowMillis);
            return admission instanceof MinuteWindows.Admission.Admitted admitted && budget.isPresent()
                    ? admitted.withAdvance(new BudgetGrant(index, counts.get(3).toLong()))
                    : admission;
        }).exceptionally(e -> new MinuteWindows.Admission.Unavailable("Redis: " + rootMessage(e)));
    }

    @Override
    public CompletionStage<BudgetGrant> reserve(String key, TokenBudget budget, long minimum, long wanted,
            long nowMillis) {
        long index = budget.period().index(nowMillis);
        List<String> args = List.of(RESERVE, "1", budgetKey(key, budget.period(), index),
                String.valueOf(budget.tokens()), String.valueOf(minimum), String.valueOf(wanted),
                String.valueOf(expiry(budget, nowMillis)));
        return track(redis.eval(args)).thenApply(granted -> new BudgetGrant(index, granted.toLong()));
    }

    private static long expiry(TokenBudget budget, long nowMillis) {
        return budget.period().endMillis(nowMillis) + BUDGET_KEPT_AFTER_PERIOD_MILLIS;
    }

    @Override
    public void release(String key, BudgetPeriod period, long index, long tokens) {
        if (tokens > 0) {
            track(redis.eval(List.of(RELEASE, "1", budgetKey(key, period, index), String.valueOf(tokens))));
        }
    }

    @Override
    public void charge(String key, long tokens, long nowMillis) {
        String counter = key(key, MinuteWindows.minuteOf(nowMillis), "tokens");
        String ttl = String.valueOf(MinuteWindows.resetMillis(nowMillis) + MinuteWindows.MINUTE);
        track(redis.incrby(counter, String.valueOf(Math.max(0, tokens)))
                .compose(done -> redis.pexpire(List.of(counter, ttl))));
    }

    /** The reply, or the failure, within the timeout; either way, what it says of Redis's health is kept. */
    private CompletionStage<Response> track(io.vertx.core.Future<Response> call) {
        return call.toCompletionStage().toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((reply, failure) -> trouble = failure == null ? null : rootMessage(failure));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    @Override
    public Optional<String> trouble() {
        return Optional.ofNullable(trouble);
    }

    @Override
    public void close() {
        vertx.cancelTimer(pinger);
        client.close();
    }
}
