package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rate limits counted in a real Redis: shared with other replicas, failing open while it is down. */
@QuarkusTest
@TestProfile(RedisRateLimitsTest.Profile.class)
class RedisRateLimitsTest extends ServerTest {

    /** The keys of {@link RateLimitsProfile}, counted in Redis, failing open. */
    public static class Profile extends RateLimitsProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisServer.class));
        }
    }

    @BeforeEach
    void notAtTheEndOfAMinute() throws InterruptedException {
        long left = 60_000 - System.currentTimeMillis() % 60_000;
        if (left < 10_000) {
            Thread.sleep(left + 100);
        }
    }

    static String counter(String key, String which) {
        return "thinkgate:rate:" + key + ":" + System.currentTimeMillis() / 60_000 + ":" + which;
    }

    HttpResponse<String> chat(String key) throws Exception {
        return ApiKeysTest.call(server, "POST", "/v1/chat/completions", ApiKeysTest.CHAT, "Authorization",
                "Bearer " + key);
    }

    @Test
    void theCountsLiveInRedisWhereAnotherReplicasRequestsCountToo() throws Exception {
        assertEquals(200, chat(RateLimitsProfile.ALICE).statusCode());
        assertEquals("1", RedisServer.command("GET", counter("alice", "requests")));
        RedisServer.command("INCR", counter("alice", "requests"));
        HttpResponse<String> third = chat(RateLimitsProfile.ALICE);
        ErrorResponsesTest.assertError(third, 429, "rate_limit_exceeded", null);
        assertEquals("2", RedisServer.command("GET", counter("alice", "requests")), "a refusal is not counted");
        long ttl = Long.parseLong(RedisServer.command("PTTL", counter("alice", "requests")).substring(1));
        assertTrue(ttl > 60_000 && ttl <= 120_000, "the counter outlives its minute by one: " + ttl);
    }

    @Test
    void tokensAreChargedInRedis() throws Exception {
        HttpResponse<String> first = chat(RateLimitsProfile.BOB);
        assertEquals(200, first.statusCode());
        int used = TestServer.json(first.body()).at("/usage/total_tokens").asInt();
        long deadline = System.nanoTime() + 5_000_000_000L;
        String charged = RedisServer.command("GET", counter("bob", "tokens"));
        while (!String.valueOf(used).equals(charged) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            charged = RedisServer.command("GET", counter("bob", "tokens"));
        }
        assertEquals(String.valueOf(used), charged);
        ErrorResponsesTest.assertError(chat(RateLimitsProfile.BOB), 429, "rate_limit_exceeded", null);
    }

    @Test
    void aKeysTokenBudgetIsTakenFromRedisWhereEveryReplicaSeesIt() throws Exception {
        RateLimitsTest.assertTheBudgetEndsTheStreamAndRefusesTheNextRequest(server);
        String spent = "thinkgate:budget:frank:day:" + System.currentTimeMillis() / 86_400_000;
        assertEquals(String.valueOf(RateLimitsProfile.FRANK_BUDGET), RedisServer.command("GET", spent),
                "the tokens used, and none taken ahead left over");
        long ttl = Long.parseLong(RedisServer.command("PTTL", spent).substring(1));
        long untilMidnight = 86_400_000 - System.currentTimeMillis() % 86_400_000;
        assertTrue(Math.abs(ttl - untilMidnight - 3_600_000) < 5_000, "kept an hour past its day: " + ttl);
        RedisServer.command("SET", spent, String.valueOf(RateLimitsProfile.FRANK_BUDGET - 50));
        HttpResponse<String> stream = ApiKeysTest.call(server, "POST", "/v1/chat/completions",
                RateLimitsTest.LONG_STREAM, "Authorization", "Bearer " + RateLimitsProfile.FRANK);
        assertEquals(200, stream.statusCode(), "50 tokens given back elsewhere are there to use: " + stream.body());
        List<JsonNode> events = RateLimitsTest.events(stream);
        assertEquals(50, events.get(events.size() - 1).at("/usage/total_tokens").asInt(), stream.body());
        assertEquals(String.valueOf(RateLimitsProfile.FRANK_BUDGET), RedisServer.command("GET", spent));
    }

    @Test
    void requestsThatFailBeforeGeneratingGiveTheirAdvanceBackToRedis() throws Exception {
        RateLimitsTest.assertRefusedRequestsGiveBackWhatTheirAdmissionTook(server);
        assertEquals("100", RedisServer.command("GET", "thinkgate:budget:gina:hour:"
                + System.currentTimeMillis() / 3_600_000));
    }

    @Test
    void aProbesTokensAreChargedToTheKeysBudgetToo() throws Exception {
        HttpResponse<String> reply = ApiKeysTest.call(server, "POST", "/v1/chat/completions",
                ProbeProfiles.PROBE_CHAT.formatted("Is it hard?", false, 8), "Authorization",
                "Bearer " + RateLimitsProfile.HANK);
        assertEquals(200, reply.statusCode(), reply.body());
        int replyTokens = TestServer.json(reply.body()).at("/usage/total_tokens").asInt();
        String key = "thinkgate:budget:hank:day:" + System.currentTimeMillis() / 86_400_000;
        long used = Long.parseLong(RedisServer.command("GET", key));
        long before = -1;
        for (int i = 0; i < 20 && used != before; i++) {
            Thread.sleep(250);
            before = used;
            used = Long.parseLong(RedisServer.command("GET", key));
        }
        assertTrue(used > replyTokens + 40, "the reply's " + replyTokens + " tokens and the probe's prompt (the "
                + "conversation and its instruction) and rating: " + used);
    }

    @Test
    void whileRedisIsDownRequestsPassUncountedAndHealthSaysSo() throws Exception {
        RedisServer.halt();
        try {
            HttpResponse<String> reply = chat(RateLimitsProfile.CAROL);
            assertEquals(200, reply.statusCode(), reply.body());
            assertTrue(reply.headers().firstValue("x-ratelimit-limit-requests").isEmpty(), "nothing was counted");
            HttpResponse<String> ready = ApiKeysTest.call(server, "GET", "/q/health/ready", null);
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"trouble\"") && ready.body().contains("not counted"), ready.body());
            assertTrue(server.metric("thinkgate_key_requests_total{key=\"carol\",outcome=\"uncounted\"}") >= 1);
        } finally {
            RedisServer.begin();
        }
        HttpResponse<String> back = chat(RateLimitsProfile.CAROL);
        assertEquals(200, back.statusCode(), back.body());
        assertEquals("100", back.headers().firstValue("x-ratelimit-limit-requests").orElseThrow(),
                "counted again once Redis is back");
    }
}
