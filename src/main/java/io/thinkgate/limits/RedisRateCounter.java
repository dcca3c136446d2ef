package io.thinkgate.limits;

import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Counts in Redis, so that every replica sees the same counts and they outlive a restart: per key and minute a
 * requests counter and a tokens counter ({@code thinkgate:rate:<key>:<minute>:requests|tokens}) that expire a
 * minute after their window. A request is checked and counted in one Lua script, so two replicas cannot both take
 * a key's last request of the minute.
 */
public final class RedisRateCounter implements RateCounter {

    private static final String ADMIT = """
            local requests = tonumber(redis.call('GET', KEYS[1]) or '0')
            local tokens = tonumber(redis.call('GET', KEYS[2]) or '0')
            local rpm = tonumber(ARGV[1])
            local tpm = tonumber(ARGV[2])
            if not ((rpm >= 0 and requests >= rpm) or (tpm >= 0 and tokens >= tpm)) then
              redis.call('INCR', KEYS[1])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
            end
            return {requests, tokens}
            """;

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

    @Override
    public CompletionStage<MinuteWindows.Admission> admit(String key, KeyLimits limits, long nowMillis) {
        long minute = MinuteWindows.minuteOf(nowMillis);
        long reset = MinuteWindows.resetMillis(nowMillis);
        List<String> args = List.of(ADMIT, "2", key(key, minute, "requests"), key(key, minute, "tokens"),
                String.valueOf(limits.requestsPerMinute().orElse(-1)), String.valueOf(limits.tokensPerMinute()
                        .orElse(-1)), String.valueOf(reset + MinuteWindows.MINUTE));
        return track(redis.eval(args)).thenApply(counts -> MinuteWindows.decide(counts.get(0).toLong(),
                counts.get(1).toLong(), limits, reset)).exceptionally(e -> new MinuteWindows.Admission.Unavailable(
                "Redis: " + rootMessage(e)));
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
