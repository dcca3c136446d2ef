package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code auto} on real llama.cpp: the heuristic decides per request whether and how much the model thinks, the
 * reply reports the decision, the run follows it, and explicit controls beat it.
 */
@QuarkusTest
class AutoThinkingTest extends ServerTest {

    static final String WORD_PROBLEM = "Natalia sold clips to 48 of her friends in April, and then she sold half as "
            + "many clips in May. How many clips did Natalia sell altogether in April and May?";

    static String chat(String question, String extra) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":" + TestServer.quote(question) + "}]" + extra + "}";
    }

    static final String AUTO = ",\"thinkgate\":{\"mode\":\"auto\"}";

    @Test
    void aGreetingSkipsThinkingAndSaysWhy() {
        JsonNode reply = server.postJson("/v1/chat/completions", chat("Hi!", AUTO + ",\"max_tokens\":64"));
        JsonNode report = reply.path("thinkgate");
        assertEquals("no_think", report.path("mode").asText(), reply.toString());
        assertEquals("auto", report.path("source").asText());
        JsonNode decision = report.path("decision");
        assertEquals("heuristic", decision.path("strategy").asText());
        assertEquals("no_think", decision.path("chosen").asText());
        assertEquals(0.0, decision.path("difficulty").asDouble(-1));
        assertEquals("greeting or small talk", decision.path("reason").asText());
        assertEquals(0, decision.at("/cost/tokens").asInt(-1));
        assertTrue(decision.at("/cost/ms").asDouble(-1) >= 0, decision.toString());
        assertFalse(decision.has("budget_tokens"), decision.toString());
        assertEquals(0, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        assertFalse(reply.at("/choices/0/message/content").asText().isEmpty(), reply.toString());
    }

    @Test
    void aWordProblemThinksWithinABudgetSizedFromItsDifficulty() {
        JsonNode reply = server.postJson("/v1/chat/completions", chat(WORD_PROBLEM,
                ",\"thinkgate\":{\"mode\":\"auto\",\"loop_brake\":false},\"max_tokens\":3000"));
        JsonNode report = reply.path("thinkgate");
        JsonNode decision = report.path("decision");
        assertEquals("think", report.path("mode").asText(), reply.toString());
        assertEquals("think", decision.path("chosen").asText());
        int budget = decision.path("budget_tokens").asInt();
        assertTrue(budget > 256 && budget < 4096, decision.toString());
        assertEquals(budget, report.path("budget_tokens").asInt(), "the run must use the budget auto chose");
        assertTrue(decision.path("difficulty").asDouble() >= 0.2, decision.toString());
        assertTrue(decision.path("reason").asText().contains("multi-step cues"), decision.toString());
        // The demo model thinks in a loop until something stops it: here the budget auto gave it.
        assertEquals("budget", report.path("exit").asText(), report.toString());
        assertEquals(budget, report.path("reasoning_tokens").asInt(), report.toString());
    }

    @Test
    void maxTokensCapsTheBudget() {
        JsonNode reply = server.postJson("/v1/chat/completions", chat(WORD_PROBLEM, AUTO + ",\"max_tokens\":40"));
        assertEquals(40, reply.at("/thinkgate/decision/budget_tokens").asInt(), reply.toString());
    }

    @Test
    void streamedAndNonStreamedRepliesCarryTheSameDecision() {
        JsonNode plain = server.postJson("/v1/chat/completions", chat(WORD_PROBLEM, AUTO + ",\"max_tokens\":200"))
                .at("/thinkgate/decision");
        List<String> events = server.postEvents("/v1/chat/completions",
                chat(WORD_PROBLEM, AUTO + ",\"max_tokens\":200,\"stream\":true"));
        JsonNode streamed = null;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = TestServer.json(event);
            if (chunk.has("thinkgate")) {
                assertFalse(chunk.at("/choices/0/finish_reason").isNull(), "the report comes with finish_reason");
                streamed = chunk.at("/thinkgate/decision");
            }
        }
        assertTrue(streamed != null, events.toString());
        ((ObjectNode) plain).remove("cost");
        ((ObjectNode) streamed).remove("cost");
        assertEquals(plain, streamed);
    }

    @Test
    void anthropicAdaptiveThinkingIsAuto() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                chat("Hello", ",\"thinking\":{\"type\":\"adaptive\"},\"max_tokens\":32"));
        assertEquals("no_think", reply.at("/thinkgate/decision/chosen").asText(), reply.toString());
        assertEquals("auto", reply.at("/thinkgate/source").asText());
    }

    static final String MODEL_STRATEGY = ",\"thinkgate\":{\"mode\":\"auto\",\"auto\":{\"strategy\":\"model\"},"
            + "\"loop_brake\":false}";

    /** The decision the model made, as the finish chunk of a stream reports it. */
    static JsonNode streamedDecision(TestServer server, String body) {
        List<String> events = server.postEvents("/v1/chat/completions",
                body.replace("{\"messages\"", "{\"stream\":true,\"messages\""));
        return TestServer.json(events.get(events.size() - 2)).at("/thinkgate/decision");
    }

    @Test
    void theModelStrategyLetsTheModelThinkWithinABudgetAndSaysSo() {
        String series = "thinkgate_auto_decisions_total{chosen=\"think\",strategy=\"model\"}";
        double before = server.metric(series);
        String body = chat(WORD_PROBLEM, MODEL_STRATEGY + ",\"max_tokens\":40");
        JsonNode reply = server.postJson("/v1/chat/completions", body);
        JsonNode report = reply.path("thinkgate");
        JsonNode decision = report.path("decision");
        assertEquals("model", decision.path("strategy").asText(), reply.toString());
        assertEquals("think", decision.path("chosen").asText());
        assertFalse(decision.has("difficulty"), "nothing was estimated: " + decision);
        int budget = decision.path("budget_tokens").asInt();
        assertTrue(budget > 0 && budget <= 40, decision.toString());
        assertEquals(budget, report.path("budget_tokens").asInt(), "the budget bounds the model's thinking");
        assertEquals("budget", report.path("exit").asText(), report.toString());
        assertTrue(decision.path("reason").asText().startsWith("the model chose to think: "
                + report.path("reasoning_tokens").asInt() + " reasoning tokens"), decision.toString());
        assertEquals(before + 1, server.metric(series), "counted once the model's choice is known");
        JsonNode streamed = streamedDecision(server, body);
        for (String field : List.of("strategy", "chosen", "budget_tokens", "reason")) {
            assertEquals(decision.path(field), streamed.path(field), "a stream reports the same " + field);
        }
    }

    @Test
    void anExplicitControlBeatsAuto() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                chat("Hi!", AUTO + ",\"reasoning_effort\":\"low\",\"max_tokens\":32"));
        JsonNode report = reply.path("thinkgate");
        assertEquals("think", report.path("mode").asText(), reply.toString());
        assertEquals("reasoning_effort", report.path("source").asText());
        assertFalse(report.has("decision"), report.toString());
    }

    @Test
    void anUnknownOrUnbuiltStrategyIsA400NamingTheField() {
        assertStrategyRefused("guess", "must be one of heuristic, probe, model, cascade");
        assertStrategyRefused("cascade", "not available yet");
    }

    private void assertStrategyRefused(String strategy, String message) {
        HttpResponse<String> response = server.post("/v1/chat/completions", chat("Hi", ",\"thinkgate\":{\"mode\":"
                + "\"auto\",\"auto\":{\"strategy\":\"" + strategy + "\"}}"));
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestServer.json(response.body()).path("error");
        assertEquals("thinkgate.auto.strategy", error.path("param").asText(), response.body());
        assertEquals("invalid_value", error.path("code").asText());
        assertTrue(error.path("message").asText().contains(message), response.body());
    }

    @Test
    void decisionsAreCountedInTheMetrics() {
        String series = "thinkgate_auto_decisions_total{chosen=\"no_think\",strategy=\"heuristic\"}";
        double before = server.metric(series);
        server.postJson("/v1/chat/completions", chat("thanks!", AUTO + ",\"max_tokens\":8"));
        assertEquals(before + 1, server.metric(series));
        assertTrue(server.metrics().contains("thinkgate_auto_difficulty_count{strategy=\"heuristic\"}"));
        assertTrue(server.metrics().contains("thinkgate_auto_overhead_seconds_count{strategy=\"heuristic\"}"));
        assertTrue(server.metric("thinkgate_thinking_requests_total{mode=\"no_think\",source=\"auto\"}") >= 1);
    }

    @Test
    void theOpenAiSdkSendsAutoAndReadsTheDecision() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("thinkgate-demo").addUserMessage(WORD_PROBLEM).maxCompletionTokens(100)
                .putAdditionalBodyProperty("thinkgate", JsonValue.from(Map.of("mode", "auto"))).build());
        @SuppressWarnings("unchecked")
        Map<String, Object> report = completion._additionalProperties().get("thinkgate").convert(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> decision = (Map<String, Object>) report.get("decision");
        assertEquals("think", decision.get("chosen"), report.toString());
        assertEquals(100, ((Number) decision.get("budget_tokens")).intValue());
    }
}
