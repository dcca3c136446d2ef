package io.thinkgate.it;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.ChatModel;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each key's requests and tokens per minute, with OpenAI's 429 and x-ratelimit-* headers. */
@QuarkusTest
@TestProfile(RateLimitsProfile.class)
class RateLimitsTest extends ServerTest {

    static final String CHAT = ApiKeysTest.CHAT;

    /** The windows are whole minutes: a test that needs one window starts with at least 10 s of it left. */
    @BeforeEach
    void notAtTheEndOfAMinute() throws InterruptedException {
        long left = 60_000 - System.currentTimeMillis() % 60_000;
        if (left < 10_000) {
            Thread.sleep(left + 100);
        }
    }

    HttpResponse<String> chat(String key) throws Exception {
        return ApiKeysTest.call(server, "POST", "/v1/chat/completions", CHAT, "Authorization", "Bearer " + key);
    }

    static String header(HttpResponse<String> reply, String name) {
        return reply.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + ": "
                + reply.headers().map()));
    }

    @Test
    void aKeysRequestsPerMinuteAreCountedAndTheNextIsRefusedUntilTheMinuteEnds() throws Exception {
        HttpResponse<String> first = chat(RateLimitsProfile.ALICE);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("2", header(first, "x-ratelimit-limit-requests"));
        assertEquals("1", header(first, "x-ratelimit-remaining-requests"));
        assertTrue(header(first, "x-ratelimit-reset-requests").matches("[1-6]?[0-9]s"), header(first,
                "x-ratelimit-reset-requests"));
        assertFalse(first.headers().firstValue("x-ratelimit-limit-tokens").isPresent(), "alice has no token bound");
        HttpResponse<String> models = ApiKeysTest.call(server, "GET", "/v1/models", null, "x-api-key",
                RateLimitsProfile.ALICE);
        assertEquals(200, models.statusCode(), "listing models is not a completion: not counted");
        assertEquals("0", header(chat(RateLimitsProfile.ALICE), "x-ratelimit-remaining-requests"));

        HttpResponse<String> third = chat(RateLimitsProfile.ALICE);
        ErrorResponsesTest.assertError(third, 429, "rate_limit_exceeded", null);
        assertEquals("rate_limit_error", TestServer.json(third.body()).at("/error/type").asText());
        assertTrue(third.body().contains("2 requests per minute"), third.body());
        int retryAfter = Integer.parseInt(header(third, "Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals("0", header(third, "x-ratelimit-remaining-requests"));
        assertTrue(server.metric("thinkgate_key_requests_total{key=\"alice\",outcome=\"rate_limited\"}") >= 1);
        assertEquals(200, chat(RateLimitsProfile.CAROL).statusCode(), "other keys are not affected");
    }

    @Test
    void tokensAreChargedWhenTheReplyEndsAndAKeyOverItsTokensIsRefused() throws Exception {
        HttpResponse<String> first = chat(RateLimitsProfile.BOB);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("1", header(first, "x-ratelimit-limit-tokens"));
        assertEquals("1", header(first, "x-ratelimit-remaining-tokens"), "nothing charged before the reply");
        assertEquals("100", header(first, "x-ratelimit-limit-requests"), "the default bound");
        int used = TestServer.json(first.body()).at("/usage/total_tokens").asInt();
        assertTrue(server.metric("thinkgate_key_tokens_total{key=\"bob\",kind=\"prompt\"}")
                + server.metric("thinkgate_key_tokens_total{key=\"bob\",kind=\"completion\"}") >= used);

        HttpResponse<String> second = chat(RateLimitsProfile.BOB);
        ErrorResponsesTest.assertError(second, 429, "rate_limit_exceeded", null);
        assertTrue(second.body().contains("1 tokens per minute"), second.body());
        assertEquals("0", header(second, "x-ratelimit-remaining-tokens"));

        RateLimitException sdk = assertThrows(RateLimitException.class, () -> OpenAIOkHttpClient.builder()
                .baseUrl(server.base() + "/v1").apiKey(RateLimitsProfile.BOB).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build().chat().completions().create(ChatCompletionCreateParams
                        .builder().model(ChatModel.of("thinkgate-demo")).addUserMessage("x")
                        .reasoningEffort(ReasoningEffort.of("none")).build()));
        assertEquals("rate_limit_exceeded", sdk.code().orElseThrow());
    }

    @Test
    void aStreamedReplyCarriesTheHeadersToo() throws Exception {
        HttpResponse<String> stream = ApiKeysTest.call(server, "POST", "/v1/chat/completions",
                CHAT.replace("{\"messages\"", "{\"stream\":true,\"messages\""), "x-api-key", RateLimitsProfile.CAROL);
        assertEquals(200, stream.statusCode(), stream.body());
        assertTrue(stream.body().contains("data: [DONE]"));
        assertEquals("100", header(stream, "x-ratelimit-limit-requests"));
        assertTrue(Integer.parseInt(header(stream, "x-ratelimit-remaining-requests")) < 100);
    }
}
