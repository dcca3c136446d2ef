package io.thinkgate.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.junit.QuarkusTest;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-request thinking control on the demo model, which thinks in an endless loop: every client dialect, exact
 * budgets with a forced conclusion, the loop brake, max_tokens while thinking, and contradictions.
 */
@QuarkusTest
class ThinkingControlTest extends ServerTest {

    private static final String CONCLUSION = "Considering the limited time by the user, I have to give the solution "
            + "based on the thinking directly now.";
    /** Tokens before the loop repeats exactly: the open marker, a newline and the first "Hmm". */
    private static final int LOOP_LEAD_IN = 3;

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };


    /** Sends {@code fields} (JSON members) through the SDK with the loop brake off, so budgets are exact. */
    private ChatCompletion ask(String fields) {
        Map<String, Object> extra = parse(fields);
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(SyntheticModels.DEMO_ID).addUserMessage("What is 6 * 7?").maxCompletionTokens(300);
        extra.putIfAbsent("thinkgate", Map.of("loop_brake", false));
        extra.forEach((name, value) -> params.putAdditionalBodyProperty(name, JsonValue.from(value)));
        return client.chat().completions().create(params.build());
    }

    private static Map<String, Object> parse(String fields) {
        return new ObjectMapper().convertValue(TestServer.json("{" + fields + "}"), FIELDS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`\"reasoning_effort\":\"minimal\"`                                   | think    | reasoning_effort | 16",
            "`\"reasoning_effort\":\"low\"`                                       | think    | reasoning_effort | 24",
            "`\"reasoning_effort\":\"medium\"`                                    | think    | reasoning_effort | 32",
            "`\"reasoning_effort\":\"high\"`                                      | think    | reasoning_effort | 40",
            "`\"reasoning_effort\":\"xhigh\"`                                     | think    | reasoning_effort | 48",
            "`\"reasoning_effort\":\"max\"`                                       | think    | reasoning_effort | 56",
            "`\"reasoning_effort\":\"none\"`                                      | no_think | reasoning_effort | ",
            "`\"reasoning\":{\"effort\":\"low\"}`                                 | think    | reasoning.effort | 24",
            "`\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":20}`           | think    | thinking         | 20",
            "`\"thinking\":{\"type\":\"disabled\"}`                               | no_think | thinking         | ",
            "`\"chat_template_kwargs\":{\"enable_thinking\":false}`               | no_think | chat_template_kwargs.enable_thinking | ",
            "`\"chat_template_kwargs\":{\"enable_thinking\":true,\"thinking_budget\":13}` | think | chat_template_kwargs.enable_thinking | 13",
            "`\"thinking_token_budget\":12`                                       | think    | thinking_token_budget | 12",
            "`\"thinking_budget_tokens\":15`                                      | think    | thinking_budget_tokens | 15",
            "`\"reasoning_budget_tokens\":17`                                     | think    | reasoning_budget_tokens | 17",
            "`\"reasoning_budget_tokens\":0`                                      | no_think | reasoning_budget_tokens | ",
            "`\"max_thinking_tokens\":11`                                         | think    | max_thinking_tokens | 11",
            "`\"think\":false`                                                    | no_think | think            | ",
            "`\"think\":\"medium\"`                                               | think    | think            | 32",
            "`\"thinkgate\":{\"mode\":\"no_think\"}`                              | no_think | thinkgate.mode   | ",
            "`\"thinkgate\":{\"budget_tokens\":9,\"loop_brake\":false}`           | think    | thinkgate.budget_tokens | 9",
            "`\"thinkgate\":{\"mode\":\"think\",\"budget_tokens\":19,\"loop_brake\":false},\"reasoning_effort\":\"high\"` | think | thinkgate.mode | 19",
    })
    void everyDialectSetsModeAndBudget(String fields, String mode, String source, Integer budget) {
        ChatCompletion completion = ask(fields);

        JsonNode report = TestServer.report(completion._additionalProperties());
        assertEquals(mode, report.get("mode").asText(), report.toString());
        assertEquals(source, report.get("source").asText(), report.toString());
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertEquals(SyntheticModels.ANSWER_TEXT, choice.message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
        long reasoningTokens = completion.usage().orElseThrow().completionTokensDetails().orElseThrow()
                .reasoningTokens().orElseThrow();
        if (budget == null) {
            assertEquals(0, reasoningTokens);
            assertNull(TestServer.extra(choice.message()._additionalProperties(), "reasoning_content"));
        } else {
            assertEquals(budget, report.get("budget_tokens").asInt());
            assertEquals(budget.longValue(), reasoningTokens, "the budget is exact on a model that never stops");
            assertEquals("budget", report.get("exit").asText());
            String reasoning = TestServer.extra(choice.message()._additionalProperties(), "reasoning_content");
            assertTrue(reasoning.endsWith(CONCLUSION), "the forced conclusion shows where the model saw it");
            assertTrue(report.get("injected_tokens").asInt() > 0);
            assertEquals(budget + SyntheticModels.ANSWER.length + 1, completion.usage().orElseThrow().completionTokens(),
                    "generated tokens: the reasoning, the answer and its end; the injected conclusion is"
                            + " not counted");
        }
    }

    @Test
    void loopBrakeConcludesAnEndlessLoopWithoutABudget() {
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"What is 6 * 7?"}],"max_tokens":300}""");

        JsonNode report = reply.get("thinkgate");
        assertEquals("loop", report.get("exit").asText(), reply.toString());
        int loop = SyntheticModels.DEMO_LOOP.length;
        int shortestLoop = loop * 2;
        assertEquals(LOOP_LEAD_IN + 3 * shortestLoop, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt(),
                "the brake fires when the shortest run of at least 8 tokens has repeated three times");
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
        assertEquals("stop", reply.at("/choices/0/finish_reason").asText());
    }

    @Test
    void maxTokensStillCapsEverythingTheModelGenerates() {
        JsonNode whileThinking = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],"max_tokens":20,"thinkgate":{"budget_tokens":50}}""");
        assertEquals("length", whileThinking.at("/choices/0/finish_reason").asText());
        assertEquals("length", whileThinking.at("/thinkgate/exit").asText());
        assertEquals(20, whileThinking.at("/usage/completion_tokens_details/reasoning_tokens").asInt());

        JsonNode whileAnswering = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],"max_tokens":12,"thinkgate":{"budget_tokens":10}}""");
        assertEquals("length", whileAnswering.at("/choices/0/finish_reason").asText());
        assertEquals("budget", whileAnswering.at("/thinkgate/exit").asText());
        assertEquals(12, whileAnswering.at("/usage/completion_tokens").asInt());
        assertEquals(10, whileAnswering.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
    }

    @Test
    void aConclusionThatNoLongerFitsTheContextEndsWithLength() {
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],"thinkgate":{"budget_tokens":4080,"loop_brake":false}}""");

        assertEquals("length", reply.at("/choices/0/finish_reason").asText(), reply.toString());
        assertEquals("budget", reply.at("/thinkgate/exit").asText());
        int used = reply.at("/usage/prompt_tokens").asInt() + reply.at("/usage/completion_tokens").asInt()
                + reply.at("/thinkgate/injected_tokens").asInt();
        assertTrue(used <= 4096, "prompt, generated and injected tokens stay within the slot's context: " + used);
    }

    @Test
    void aForcedConclusionStreamsAsOneUninterruptedStream() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(SyntheticModels.DEMO_ID)
                .addUserMessage("What is 6 * 7?")
                .putAdditionalBodyProperty("thinking_budget_tokens", JsonValue.from(10)).build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }

        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (ChatCompletionChunk chunk : chunks) {
            ChatCompletionChunk.Choice.Delta delta = chunk.choices().get(0).delta();
            String thought = TestServer.extra(delta._additionalProperties(), "reasoning_content");
            if (thought != null) {
                assertEquals(0, content.length(), "no reasoning after the answer has begun");
                reasoning.append(thought);
            }
            delta.content().ifPresent(content::append);
        }
        assertTrue(reasoning.toString().endsWith(CONCLUSION), reasoning.toString());
        assertEquals(SyntheticModels.ANSWER_TEXT, content.toString());
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP, last.choices().get(0).finishReason().orElseThrow());
        JsonNode report = TestServer.report(last._additionalProperties());
        assertEquals("budget", report.get("exit").asText());
        assertEquals(10, report.get("reasoning_tokens").asInt());
        assertEquals("thinking_budget_tokens", report.get("source").asText());
    }

    @Test
    void aClientConclusionMessageIsPlacedBeforeTheCloseMarker() {
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],"reasoning_budget_tokens":5,
                 "reasoning_budget_message":"Time is up, answering now."}""");

        assertTrue(reply.at("/choices/0/message/reasoning_content").asText().endsWith("Time is up, answering now."),
                reply.toString());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`\"thinking\":{\"type\":\"disabled\"},\"thinking_budget_tokens\":50` | thinking, thinking_budget_tokens",
            "`\"reasoning_effort\":\"none\",\"thinkgate\":{\"budget_tokens\":30}` | thinkgate.budget_tokens",
            "`\"chat_template_kwargs\":{\"enable_thinking\":false},\"reasoning_effort\":\"high\"` | reasoning_effort, chat_template_kwargs.enable_thinking",
            "`\"thinkgate\":{\"budget_tokens\":10,\"min_tokens\":20}` | thinkgate.min_tokens, thinkgate.budget_tokens",
            "`\"thinkgate\":{\"mode\":\"no_think\",\"min_tokens\":5}` | thinkgate.mode, thinkgate.min_tokens",
            "`\"reasoning_effort\":\"extreme\"` | reasoning_effort",
            "`\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":\"lots\"}` | thinking.budget_tokens",
            "`\"thinkgate\":{\"mode\":\"ponder\"}` | thinkgate.mode",
            "`\"thinkgate\":\"think\"` | thinkgate",
    })
    void contradictionsAndMalformedControlsAreRefused(String fields, String params) {
        var response = server.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + fields + "}");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestServer.json(response.body()).get("error");
        for (String param : params.split(", ")) {
            assertTrue(error.get("param").asText().contains(param), response.body());
            assertTrue(error.get("message").asText().contains(param) || param.equals("thinkgate"), response.body());
        }
        assertFalse(error.get("message").asText().isBlank());
    }

    @Test
    void thinkingMetricsAreExported() {
        ask("\"thinkgate\":{\"budget_tokens\":4,\"loop_brake\":false}");

        String metrics = server.metrics();
        assertTrue(metrics.contains("thinkgate_thinking_exits_total{exit=\"budget\"}"), metrics);
        assertTrue(metrics.contains("thinkgate_thinking_requests_total{mode=\"think\",source=\"thinkgate.budget_tokens\"}"));
        assertTrue(metrics.contains("thinkgate_reasoning_tokens_count{mode=\"think\"}"));
        assertTrue(metrics.contains("thinkgate_continuation_latency_seconds_count"));
    }
}
