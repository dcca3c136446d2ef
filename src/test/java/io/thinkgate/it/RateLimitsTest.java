package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;

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
        return chat(server, key);
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

        assertEquals("rate_limit_exceeded", sdkRefusal(server, RateLimitsProfile.BOB).code().orElseThrow());
    }

    /** A streamed chat that would go on for 3500 tokens, with the usage chunk at its end. */
    static final String LONG_STREAM = "{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"think forever\"}],\"max_tokens\":3500,"
            + "\"thinkgate\":{\"loop_brake\":false}}";

    /** The JSON of each {@code data:} event of a streamed reply, {@code [DONE]} left out. */
    static List<JsonNode> events(HttpResponse<String> stream) {
        assertTrue(stream.body().strip().endsWith("data: [DONE]"), stream.body());
        return stream.body().lines().filter(l -> l.startsWith("data: {")).map(l -> TestServer.json(l.substring(6)))
                .toList();
    }

    /**
     * Frank's daily budget ends his stream at the budget to the token, with finish reason length and the report
     * saying why; his next request is refused with OpenAI's insufficient_quota until the UTC day ends.
     */
    static void assertTheBudgetEndsTheStreamAndRefusesTheNextRequest(TestServer server) throws Exception {
        HttpResponse<String> stream = ApiKeysTest.call(server, "POST", "/v1/chat/completions", LONG_STREAM,
                "Authorization", "Bearer " + RateLimitsProfile.FRANK);
        assertEquals(200, stream.statusCode(), stream.body());
        List<JsonNode> events = events(stream);
        JsonNode last = events.stream().filter(e -> e.at("/choices/0/finish_reason").isTextual()).findFirst()
                .orElseThrow(() -> new AssertionError("no finish reason: " + stream.body()));
        assertEquals("length", last.at("/choices/0/finish_reason").asText(), last.toString());
        assertTrue(last.at("/thinkgate/quota_exhausted").asBoolean(), last.toString());
        assertFalse(last.path("thinkgate").has("timed_out"), last.toString());
        JsonNode usage = events.get(events.size() - 1).path("usage");
        assertEquals(RateLimitsProfile.FRANK_BUDGET, usage.path("total_tokens").asInt(), usage.toString());
        assertTrue(usage.path("completion_tokens").asInt() > 100, "the prompt took only a little: " + usage);

        HttpResponse<String> next = ApiKeysTest.call(server, "POST", "/v1/chat/completions", CHAT, "Authorization",
                "Bearer " + RateLimitsProfile.FRANK);
        ErrorResponsesTest.assertError(next, 429, "insufficient_quota", null);
        assertEquals("insufficient_quota", TestServer.json(next.body()).at("/error/type").asText());
        assertTrue(next.body().contains(RateLimitsProfile.FRANK_BUDGET + " tokens per day"), next.body());
        long untilMidnight = (86_400_000 - System.currentTimeMillis() % 86_400_000) / 1000;
        long retryAfter = Long.parseLong(header(next, "Retry-After"));
        assertTrue(Math.abs(retryAfter - untilMidnight) <= 5, "Retry-After " + retryAfter + ", midnight UTC in "
                + untilMidnight + " s");

        assertEquals("insufficient_quota", sdkRefusal(server, RateLimitsProfile.FRANK).code().orElseThrow());
        assertTrue(server.metric("thinkgate_key_requests_total{key=\"frank\",outcome=\"over_budget\"}") >= 2);
        assertTrue(server.metric("thinkgate_requests_seconds_count{endpoint=\"chat_completions\","
                + "outcome=\"quota_exhausted\"}") >= 1);
        assertEquals(200, chat(server, RateLimitsProfile.CAROL).statusCode(), "other keys are not affected");
    }

    /** The OpenAI SDK's exception for a chat request of {@code key} that gets a 429 (the SDK retries none). */
    static RateLimitException sdkRefusal(TestServer server, String key) {
        return assertThrows(RateLimitException.class, () -> OpenAIOkHttpClient.builder()
                .baseUrl(server.base() + "/v1").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build().chat().completions().create(ChatCompletionCreateParams
                        .builder().model(ChatModel.of("thinkgate-demo")).addUserMessage("x")
                        .reasoningEffort(ReasoningEffort.of("none")).build()));
    }

    static HttpResponse<String> chat(TestServer server, String key) throws Exception {
        return ApiKeysTest.call(server, "POST", "/v1/chat/completions", CHAT, "Authorization", "Bearer " + key);
    }

    @Test
    void aKeysTokenBudgetEndsItsReplyAtTheBudgetAndRefusesTheNextUntilThePeriodEnds() throws Exception {
        assertTheBudgetEndsTheStreamAndRefusesTheNextRequest(server);
    }

    /**
     * Gina's admissions take tokens of her budget ahead; requests that end before generating (bad JSON, an unknown
     * model) give them back, so that her whole budget is still there for a reply.
     */
    static void assertRefusedRequestsGiveBackWhatTheirAdmissionTook(TestServer server) throws Exception {
        for (String bad : new String[] {"{\"messages\":", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}]}", "{\"messages\":[]}"}) {
            HttpResponse<String> reply = ApiKeysTest.call(server, "POST", "/v1/chat/completions", bad,
                    "Authorization", "Bearer " + RateLimitsProfile.GINA);
            assertTrue(reply.statusCode() == 400 || reply.statusCode() == 404, reply.body());
        }
        HttpResponse<String> stream = ApiKeysTest.call(server, "POST", "/v1/chat/completions", LONG_STREAM,
                "Authorization", "Bearer " + RateLimitsProfile.GINA);
        assertEquals(200, stream.statusCode(), stream.body());
        List<JsonNode> events = events(stream);
        assertEquals(100, events.get(events.size() - 1).at("/usage/total_tokens").asInt(), stream.body());
    }

    @Test
    void requestsThatFailBeforeGeneratingSpendNothingOfTheBudget() throws Exception {
        assertRefusedRequestsGiveBackWhatTheirAdmissionTook(server);
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
