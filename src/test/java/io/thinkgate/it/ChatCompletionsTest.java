package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.quarkus.test.junit.QuarkusTest;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chat completions against the built-in demo model, through the OpenAI Java SDK over real HTTP. */
@QuarkusTest
class ChatCompletionsTest extends ServerTest {

    private static final String LOOP_ROUND = "Hmm , wait let me re check";


    private static ChatCompletionCreateParams.Builder ask() {
        return ChatCompletionCreateParams.builder().model(SyntheticModels.DEMO_ID).addUserMessage("What is 6 * 7?")
                .temperature(0.7).seed(7);
    }

    @Test
    void thinkingThatRunsOutOfTokensIsAllReasoningWithFinishReasonLength() {
        ChatCompletion completion = client.chat().completions().create(ask().maxCompletionTokens(20)
                .putAdditionalBodyProperty("thinkgate", JsonValue.from(Map.of("loop_brake", false))).build());

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, choice.finishReason());
        assertEquals("", choice.message().content().orElse(""));
        String reasoning = TestServer.extra(choice.message()._additionalProperties(), "reasoning_content");
        assertTrue(reasoning.startsWith(LOOP_ROUND + " Hmm"), reasoning);
        assertEquals(reasoning, TestServer.extra(choice.message()._additionalProperties(), "reasoning"));
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(20, usage.completionTokens());
        assertEquals(20, usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());
        assertEquals(usage.promptTokens() + 20, usage.totalTokens());
        assertTrue(usage.promptTokens() > 0);
        assertEquals(SyntheticModels.DEMO_ID, completion.model());
        assertTrue(completion.id().startsWith("chatcmpl-"));
    }

    @Test
    void noThinkAnswersAtOnceWithoutReasoning() {
        ChatCompletion completion = client.chat().completions().create(
                ask().reasoningEffort(ReasoningEffort.of("none")).build());

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertEquals(SyntheticModels.ANSWER_TEXT, choice.message().content().orElseThrow());
        assertNull(TestServer.extra(choice.message()._additionalProperties(), "reasoning_content"));
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertEquals(0, usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());
        assertEquals(SyntheticModels.ANSWER.length + 1, usage.completionTokens(), "the answer's words and the end");
    }

    @Test
    void reasoningAndAnswerAreSplitWhenTheSpanCloses() {
        ChatCompletion completion = client.chat().completions().create(ask()
                .putAdditionalBodyProperty("thinkgate", JsonValue.from(Map.of("budget_tokens", 9))).build());

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertEquals(SyntheticModels.ANSWER_TEXT, choice.message().content().orElseThrow());
        String reasoning = TestServer.extra(choice.message()._additionalProperties(), "reasoning_content");
        assertTrue(reasoning.startsWith(LOOP_ROUND), reasoning);
        assertFalse(reasoning.contains("<think>") || reasoning.contains("</think>"), reasoning);
        assertEquals(9, completion.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens()
                .orElseThrow());
    }

    @Test
    void streamSendsRoleThenReasoningThenContentThenFinishThenUsage() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .putAdditionalBodyProperty("thinkgate", JsonValue.from(Map.of("budget_tokens", 9))).build())) {
            stream.stream().forEach(chunks::add);
        }

        ChatCompletionChunk.Choice.Delta first = chunks.get(0).choices().get(0).delta();
        assertEquals(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT, first.role().orElseThrow());
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (ChatCompletionChunk chunk : chunks.subList(1, chunks.size() - 2)) {
            ChatCompletionChunk.Choice.Delta delta = chunk.choices().get(0).delta();
            String thought = TestServer.extra(delta._additionalProperties(), "reasoning_content");
            if (thought != null) {
                assertEquals(0, content.length(), "reasoning deltas come before content deltas");
                reasoning.append(thought);
            } else {
                content.append(delta.content().orElseThrow());
            }
            assertTrue(chunk.choices().get(0).finishReason().isEmpty());
        }
        ChatCompletionChunk last = chunks.get(chunks.size() - 2);
        assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP, last.choices().get(0).finishReason().orElseThrow());
        assertTrue(last._additionalProperties().containsKey("thinkgate"));
        ChatCompletionChunk usageChunk = chunks.get(chunks.size() - 1);
        assertTrue(usageChunk.choices().isEmpty());
        CompletionUsage usage = usageChunk.usage().orElseThrow();
        assertEquals(9, usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());
        assertEquals(SyntheticModels.ANSWER_TEXT, content.toString());
        assertTrue(reasoning.toString().startsWith(LOOP_ROUND), reasoning.toString());
    }

    @Test
    void rawStreamEndsWithDoneAndHasNoUsageUnlessAsked() {
        List<String> events = server.postEvents("/v1/chat/completions", """
                {"model":"thinkgate-demo","messages":[{"role":"user","content":"hi"}],"stream":true,
                 "reasoning_effort":"none"}""");

        assertEquals("[DONE]", events.get(events.size() - 1));
        JsonNode finish = TestServer.json(events.get(events.size() - 2));
        assertEquals("stop", finish.at("/choices/0/finish_reason").asText());
        assertEquals("chat.completion.chunk", finish.get("object").asText());
        assertTrue(events.stream().limit(events.size() - 1).map(TestServer::json).noneMatch(e -> e.has("usage")));
    }

    @Test
    void jsonSchemaConstrainsTheAnswerButNotTheReasoning() {
        ResponseFormatJsonSchema format = ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("answer")
                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(
                                        Map.of("answer", Map.of("type", "integer", "enum", List.of(42)))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("answer")))
                                .putAdditionalProperty("additionalProperties", JsonValue.from(false)).build())
                        .build())
                .build();
        ChatCompletion completion = client.chat().completions().create(ask().responseFormat(format)
                .maxCompletionTokens(200)
                .putAdditionalBodyProperty("thinkgate", JsonValue.from(Map.of("budget_tokens", 5))).build());

        ChatCompletion.Choice choice = completion.choices().get(0);
        JsonNode answer = TestServer.json(choice.message().content().orElseThrow());
        assertEquals(42, answer.get("answer").asInt(), answer.toString());
        assertTrue(TestServer.extra(choice.message()._additionalProperties(), "reasoning_content")
                .startsWith("Hmm"));
    }

    @Test
    void stopSequenceEndsTheAnswer() {
        ChatCompletion completion = client.chat().completions().create(
                ask().reasoningEffort(ReasoningEffort.of("none")).stop(" is").build());

        assertEquals("The answer", completion.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    }

    @Test
    void contentAsTextPartsAndModelAliasesAreAccepted() {
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"model":"demo","reasoning_effort":"none","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"What is "},{"type":"text","text":"6 * 7?"}]}]}""");

        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText(), reply.toString());
        assertEquals(SyntheticModels.DEMO_ID, reply.get("model").asText());
    }

    @Test
    void unknownModelIsNotFoundThroughTheSdk() {
        NotFoundException error = assertThrows(NotFoundException.class,
                () -> client.chat().completions().create(ask().model("gpt-4o").build()));

        assertEquals(404, error.statusCode());
        assertEquals("model_not_found", error.code().orElseThrow());
        assertEquals("model", error.param().orElseThrow());
    }
}
