package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ThoughtMani with a thought model that writes fixed steps, beside the overthinking demo model. */
@QuarkusTest
@TestProfile(ThoughtModelProfiles.Writer.class)
class ThoughtManiTest extends ServerTest {

    /** The writer's steps and its end of sequence. */
    private static final int WRITER_TOKENS = 11;


    static ChatCompletionCreateParams thoughts(Map<String, Object> thoughts) {
        return ChatCompletionCreateParams.builder().model(SyntheticModels.DEMO_ID).addUserMessage("What is 6 * 7?")
                .putAdditionalBodyProperty("thinkgate", JsonValue.from(Map.of("mode", "thoughts", "thoughts",
                        thoughts)))
                .build();
    }

    @Test
    void thoughtModelStepsAreInjectedAndTheMainModelAnswersWithoutThinking() {
        ChatCompletion completion = client.chat().completions().create(thoughts(Map.of()));

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertEquals(SyntheticModels.THOUGHT_STEPS,
                TestServer.extra(choice.message()._additionalProperties(), "reasoning_content"));
        assertEquals(SyntheticModels.ANSWER_TEXT, choice.message().content().orElseThrow());
        assertEquals(0, completion.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens()
                .orElseThrow());
        assertEquals(SyntheticModels.ANSWER.length + 1, completion.usage().orElseThrow().completionTokens(),
                "usage stays the main model's");
        JsonNode thoughts = TestServer.report(completion._additionalProperties()).get("thoughts");
        assertEquals("thought-model", thoughts.get("source").asText(), "the default when a thought model is set");
        assertEquals("injected", thoughts.get("outcome").asText());
        assertEquals(WRITER_TOKENS, thoughts.get("tokens").asInt());
        assertTrue(thoughts.get("latency_ms").asLong() >= 0);
    }

    @Test
    void thoughtsStreamAsReasoningWhileTheyAreWrittenThenTheAnswer() {
        List<String> reasoning = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        ChatCompletionChunk last = null;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(thoughts(Map.of("source", "thought-model")))) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                ChatCompletionChunk.Choice.Delta delta = chunk.choices().get(0).delta();
                String thought = TestServer.extra(delta._additionalProperties(), "reasoning_content");
                if (thought != null) {
                    assertEquals(0, content.length(), "thoughts come before the answer");
                    reasoning.add(thought);
                }
                delta.content().ifPresent(content::append);
                last = chunk;
            }
        }

        assertTrue(reasoning.size() > 5, "the thoughts arrive piece by piece, as written: " + reasoning);
        assertEquals(SyntheticModels.THOUGHT_STEPS, String.join("", reasoning));
        assertEquals(SyntheticModels.ANSWER_TEXT, content.toString());
        assertEquals("injected", TestServer.report(last._additionalProperties()).at("/thoughts/outcome").asText());
    }

    @Test
    void selfWrittenThoughtsComeFromTheMainModelWithThinkingOff() {
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],"thinkgate":{"mode":"thoughts","thoughts":{"source":"self"}}}""");

        assertEquals("self", reply.at("/thinkgate/thoughts/source").asText(), reply.toString());
        assertEquals("injected", reply.at("/thinkgate/thoughts/outcome").asText());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/reasoning_content").asText(),
                "the demo model with its span closed writes its answer as the plan");
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
        assertEquals(0, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
    }

    @Test
    void clientThoughtsAreUsedAsGiven() {
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],
                 "thinkgate":{"mode":"thoughts","thoughts":{"source":"client","text":"1. Multiply six by seven."}}}""");

        assertEquals("1. Multiply six by seven.", reply.at("/choices/0/message/reasoning_content").asText());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
        assertEquals("client", reply.at("/thinkgate/thoughts/source").asText());
        assertEquals(0, reply.at("/thinkgate/thoughts/tokens").asInt());
    }

    @Test
    void badThoughtRequestsAreRefused() {
        ErrorResponsesTest.assertError(server.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],"thinkgate":{"mode":"thoughts","thoughts":{"source":"client"}}}"""),
                400, "invalid_value", "thinkgate.thoughts.text");
        ErrorResponsesTest.assertError(server.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],"thinkgate":{"mode":"thoughts","thoughts":{"source":"oracle"}}}"""),
                400, "invalid_value", "thinkgate.thoughts.source");
        ErrorResponsesTest.assertError(server.post("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],"reasoning_effort":"none","thinkgate":{"mode":"thoughts"}}"""),
                400, "invalid_value", "thinkgate.mode, reasoning_effort");
        String huge = "step ".repeat(6000);
        ErrorResponsesTest.assertError(server.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"thinkgate\":{\"mode\":\"thoughts\",\"thoughts\":{\"source\":\"client\","
                + "\"text\":\"" + huge + "\"}}}"), 400, "context_length_exceeded", "thinkgate.thoughts.text");
    }

    @Test
    void bothModelsServeConcurrentRequestsWithoutInterference() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<JsonNode>> withThoughts = new ArrayList<>();
            List<Future<JsonNode>> budgeted = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                withThoughts.add(pool.submit(() -> server.postJson("/v1/chat/completions", """
                        {"messages":[{"role":"user","content":"x"}],"thinkgate":{"mode":"thoughts"}}""")));
                budgeted.add(pool.submit(() -> server.postJson("/v1/chat/completions", """
                        {"messages":[{"role":"user","content":"x"}],"thinkgate":{"budget_tokens":12,"loop_brake":false}}""")));
            }
            for (Future<JsonNode> future : withThoughts) {
                JsonNode reply = future.get(60, TimeUnit.SECONDS);
                assertEquals(SyntheticModels.THOUGHT_STEPS, reply.at("/choices/0/message/reasoning_content").asText(),
                        reply.toString());
                assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
            }
            for (Future<JsonNode> future : budgeted) {
                JsonNode reply = future.get(60, TimeUnit.SECONDS);
                assertEquals(12, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt(), reply.toString());
                assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        String metrics = server.metrics();
        assertTrue(metrics.contains("thinkgate_thoughts_total{outcome=\"injected\",source=\"thought-model\"}"), metrics);
        assertTrue(metrics.contains("thinkgate_thoughts_tokens_count{source=\"thought-model\"}"));
        assertTrue(metrics.contains("thinkgate_thoughts_latency_seconds_count{source=\"thought-model\"}"));
    }
}
