package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.auth.KeyRing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged server, started as a user starts them, with one key file and one Redis: a key's
 * requests per minute and its token budget are shared, whichever replica a request reaches.
 */
class SharedLimitsIT {

    private static final Path PROJECT = Path.of(System.getProperty("thinkgate.it.project-dir", "."));
    private static final Path OUT = PROJECT.resolve("target/shared-limits");
    private static final String ALICE = "tg-alice-shared-4d1e";
    private static final String FRANK = "tg-frank-shared-9b27";
    private static final String GRACE = "tg-grace-shared-70ac";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RedisServer redis;
    private static PackagedServer first;
    private static PackagedServer second;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(OUT);
        Path keys = OUT.resolve("keys.txt");
        Files.write(keys, List.of(KeyRing.line("alice", ALICE) + " rpm=3", KeyRing.line("frank", FRANK)
                + " budget=300/day", KeyRing.line("grace", GRACE) + " budget=400/day"));
        redis = new RedisServer();
        String url = redis.start().get("thinkgate.limits.redis");
        List<String> properties = List.of("thinkgate.auth.keys-file=" + keys.toAbsolutePath(),
                "thinkgate.limits.redis=" + url, "thinkgate.model.cache-dir=" + OUT.resolve("cache").toAbsolutePath());
        first = new PackagedServer(PROJECT.resolve(PackagedServer.JAR), OUT.resolve("first.log"), properties,
                Duration.ofSeconds(120));
        second = new PackagedServer(PROJECT.resolve(PackagedServer.JAR), OUT.resolve("second.log"), properties,
                Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable part : new AutoCloseable[] {first, second}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        if (redis != null) {
            redis.stop();
        }
    }

    static HttpResponse<String> chat(PackagedServer server, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String code(HttpResponse<String> reply) {
        return TestServer.json(reply.body()).at("/error/code").asText();
    }

    @Test
    void aKeysRequestsPerMinuteAreCountedAcrossReplicas() throws Exception {
        long left = 60_000 - System.currentTimeMillis() % 60_000;
        if (left < 15_000) {
            Thread.sleep(left + 100);
        }
        assertEquals("2", chat(first, ALICE, ApiKeysTest.CHAT).headers().firstValue("x-ratelimit-remaining-requests")
                .orElseThrow());
        assertEquals("1", chat(second, ALICE, ApiKeysTest.CHAT).headers()
                .firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertEquals(200, chat(first, ALICE, ApiKeysTest.CHAT).statusCode());
        HttpResponse<String> fourth = chat(second, ALICE, ApiKeysTest.CHAT);
        assertEquals(429, fourth.statusCode(), fourth.body());
        assertEquals("rate_limit_exceeded", code(fourth));
    }

    @Test
    void aBudgetSpentOnOneReplicaIsSpentOnTheOther() throws Exception {
        HttpResponse<String> stream = chat(first, FRANK, RateLimitsTest.LONG_STREAM);
        List<JsonNode> events = RateLimitsTest.events(stream);
        assertEquals(300, events.get(events.size() - 1).at("/usage/total_tokens").asInt(), stream.body());
        HttpResponse<String> next = chat(second, FRANK, ApiKeysTest.CHAT);
        assertEquals(429, next.statusCode(), next.body());
        assertEquals("insufficient_quota", code(next));
    }

    @Test
    void twoRepliesOfOneKeyOnTwoReplicasAtOnceSpendItsBudgetExactly() throws Exception {
        CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> send(first));
        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> send(second));
        int total = 0;
        for (HttpResponse<String> stream : List.of(a.get(), b.get())) {
            assertEquals(200, stream.statusCode(), stream.body());
            List<JsonNode> events = RateLimitsTest.events(stream);
            total += events.get(events.size() - 1).at("/usage/total_tokens").asInt();
            assertTrue(events.stream().anyMatch(e -> e.at("/thinkgate/quota_exhausted").asBoolean()),
                    "each reply ends at the budget: " + stream.body());
        }
        assertEquals(400, total, "the two replies together used the budget, no more and no less");
        assertEquals("400", RedisServer.command("GET", "thinkgate:budget:grace:day:"
                + System.currentTimeMillis() / 86_400_000));
    }

    private static HttpResponse<String> send(PackagedServer server) {
        try {
            return chat(server, GRACE, RateLimitsTest.LONG_STREAM);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
