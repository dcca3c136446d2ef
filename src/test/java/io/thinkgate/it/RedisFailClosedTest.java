package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code redis-failure=closed}, a replica that can't count refuses completions and is not ready. */
@QuarkusTest
@TestProfile(RedisFailClosedTest.Profile.class)
class RedisFailClosedTest extends ServerTest {

    public static class Profile extends RedisRateLimitsTest.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("thinkgate.limits.redis-failure", "closed");
            return config;
        }
    }

    @Test
    void whileRedisIsDownCompletionsAre503AndTheReplicaIsNotReady() throws Exception {
        assertEquals(200, ApiKeysTest.call(server, "POST", "/v1/chat/completions", ApiKeysTest.CHAT, "x-api-key",
                RateLimitsProfile.CAROL).statusCode());
        RedisServer.halt();
        try {
            HttpResponse<String> refused = ApiKeysTest.call(server, "POST", "/v1/chat/completions", ApiKeysTest.CHAT,
                    "x-api-key", RateLimitsProfile.CAROL);
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("rate_limits_unavailable", TestServer.json(refused.body()).at("/error/code").asText());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
            HttpResponse<String> ready = ApiKeysTest.call(server, "GET", "/q/health/ready", null);
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("rate-limits"), ready.body());
            assertEquals(200, ApiKeysTest.call(server, "GET", "/v1/models", null, "x-api-key",
                    RateLimitsProfile.CAROL).statusCode(), "only completions are counted");
        } finally {
            RedisServer.begin();
        }
    }
}
