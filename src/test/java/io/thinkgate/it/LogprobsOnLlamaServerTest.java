package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code logprobs} on a real llama-server, in OpenAI's shapes: one entry per answer token whose texts join to the
 * answer, with the asked-for alternatives, streamed with the chunk that carries the token's text.
 */
@QuarkusTest
@TestProfile(LlamaServerProfile.class)
class LogprobsOnLlamaServerTest extends ServerTest {

    private static final String NO_THINK_CHAT = "\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}],"
            + "\"reasoning_effort\":\"none\",\"temperature\":0";

    @Test
    void chatLogprobsCoverTheAnswerTokenByToken() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                "{" + NO_THINK_CHAT + ",\"logprobs\":true,\"top_logprobs\":3,\"max_tokens\":32}");
        String content = reply.at("/choices/0/message/content").asText();
        JsonNode tokens = reply.at("/choices/0/logprobs/content");
        assertFalse(content.isEmpty(), reply.toString());
        assertTrue(reply.at("/choices/0/logprobs").has("refusal"), reply.toString());
        assertEquals(content, joined(tokens), "the tokens' texts must spell the answer");
        assertEquals(reply.at("/usage/completion_tokens").asInt() - eosTokens(reply), tokens.size(), reply.toString());
        for (JsonNode token : tokens) {
            assertTokenShape(token, 3);
        }
    }

    @Test
    void zeroAlternativesStillGiveEachTokensOwnLogprob() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                "{" + NO_THINK_CHAT + ",\"logprobs\":true,\"max_tokens\":8}");
        JsonNode tokens = reply.at("/choices/0/logprobs/content");
        assertFalse(tokens.isEmpty(), reply.toString());
        for (JsonNode token : tokens) {
            assertTokenShape(token, 0);
        }
    }

    @Test
    void theReasoningSpanHasNoLogprobs() {
        JsonNode reply = server.postJson("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"What is 6 times 7?\"}],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8},\"temperature\":0,"
                + "\"logprobs\":true,\"max_tokens\":64}");
        assertTrue(reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt() > 0, reply.toString());
        assertFalse(reply.at("/choices/0/message/content").asText().isEmpty(), reply.toString());
        assertEquals(reply.at("/choices/0/message/content").asText(), joined(reply.at("/choices/0/logprobs/content")),
                reply.toString());
    }

    @Test
    void streamedLogprobsComeWithTheirTextAndAddUpToTheAnswer() {
        List<String> events = server.postEvents("/v1/chat/completions",
                "{" + NO_THINK_CHAT + ",\"logprobs\":true,\"top_logprobs\":2,\"max_tokens\":32,\"stream\":true}");
        StringBuilder content = new StringBuilder();
        StringBuilder spelled = new StringBuilder();
        int withContent = 0;
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode choice = TestServer.json(event).at("/choices/0");
            String text = choice.at("/delta/content").asText("");
            if (!text.isEmpty()) {
                withContent++;
                assertTrue(choice.at("/logprobs/content").isArray(), "a content chunk without logprobs: " + event);
                content.append(text);
                spelled.append(joined(choice.at("/logprobs/content")));
                choice.at("/logprobs/content").forEach(token -> assertTokenShape(token, 2));
            }
        }
        assertTrue(withContent > 0, events.toString());
        assertEquals(content.toString(), spelled.toString());
    }

    @Test
    void theOpenAiSdkReadsThem() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .addUserMessage("What is 6 times 7?").model("thinkgate-demo").reasoningEffort(
                        com.openai.models.ReasoningEffort.of("none"))
                .logprobs(true).topLogprobs(2).maxCompletionTokens(16).temperature(0.0).build());
        List<ChatCompletionTokenLogprob> tokens = completion.choices().get(0).logprobs().orElseThrow().content()
                .orElseThrow();
        StringBuilder text = new StringBuilder();
        tokens.forEach(token -> text.append(token.token()));
        assertEquals(completion.choices().get(0).message().content().orElse(""), text.toString());
        assertTrue(tokens.stream().allMatch(token -> token.topLogprobs().size() == 2 && token.logprob() <= 0));
    }

    @Test
    void completionLogprobsAreParallelListsWithOffsets() {
        JsonNode reply = server.postJson("/v1/completions",
                "{\"prompt\":\"The answer is\",\"max_tokens\":12,\"temperature\":0,\"logprobs\":2}");
        String text = reply.at("/choices/0/text").asText();
        JsonNode logprobs = reply.at("/choices/0/logprobs");
        int n = logprobs.path("tokens").size();
        assertTrue(n > 0, reply.toString());
        assertEquals(n, logprobs.path("token_logprobs").size());
        assertEquals(n, logprobs.path("top_logprobs").size());
        assertEquals(n, logprobs.path("text_offset").size());
        assertEquals(text, joined(logprobs.path("tokens"), null));
        int expectedOffset = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(expectedOffset, logprobs.path("text_offset").get(i).asInt(), logprobs.toString());
            expectedOffset += logprobs.path("tokens").get(i).asText().length();
            assertTrue(logprobs.path("token_logprobs").get(i).asDouble() <= 0);
            assertTrue(logprobs.path("top_logprobs").get(i).size() <= 2 && logprobs.path("top_logprobs").get(i).size() > 0);
        }
    }

    @Test
    void streamedCompletionOffsetsCountFromTheStartOfTheWholeText() {
        List<String> events = server.postEvents("/v1/completions",
                "{\"prompt\":\"The answer is\",\"max_tokens\":12,\"temperature\":0,\"logprobs\":1,\"stream\":true}");
        List<Integer> offsets = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode choice = TestServer.json(event).at("/choices/0");
            if (!choice.path("text").asText("").isEmpty()) {
                assertEquals(text.length(), choice.at("/logprobs/text_offset/0").asInt(), event);
                choice.at("/logprobs/text_offset").forEach(offset -> offsets.add(offset.asInt()));
                text.append(choice.path("text").asText());
            }
        }
        assertFalse(offsets.isEmpty(), events.toString());
    }

    /** The end-of-sequence token counts as generated but has no text and no entry, as in OpenAI's replies. */
    private static int eosTokens(JsonNode reply) {
        return reply.at("/choices/0/finish_reason").asText().equals("stop") ? 1 : 0;
    }

    private static String joined(JsonNode tokens) {
        return joined(tokens, "token");
    }

    private static String joined(JsonNode tokens, String field) {
        StringBuilder text = new StringBuilder();
        tokens.forEach(token -> text.append(field == null ? token.asText() : token.path(field).asText()));
        return text.toString();
    }

    private static void assertTokenShape(JsonNode token, int alternatives) {
        double logprob = token.path("logprob").asDouble(1);
        assertTrue(logprob <= 0, token.toString());
        List<Integer> bytes = new ArrayList<>();
        token.path("bytes").forEach(b -> bytes.add(b.asInt()));
        List<Integer> utf8 = new ArrayList<>();
        for (byte b : token.path("token").asText().getBytes(StandardCharsets.UTF_8)) {
            utf8.add(b & 0xff);
        }
        assertEquals(utf8, bytes, "bytes must be the token's UTF-8: " + token);
        JsonNode top = token.path("top_logprobs");
        assertEquals(alternatives, top.size(), token.toString());
        for (int i = 0; i < top.size(); i++) {
            assertTrue(top.get(i).has("token") && top.get(i).has("bytes") && top.get(i).path("logprob").asDouble() <= 0);
            if (i > 0) {
                assertTrue(top.get(i - 1).path("logprob").asDouble() >= top.get(i).path("logprob").asDouble(),
                        "alternatives most likely first: " + top);
            }
        }
        if (alternatives > 0) {
            assertEquals(top.get(0).path("logprob").asDouble(), logprob, 1e-6,
                    "at temperature 0 the sampled token is the most likely one: " + token);
        }
    }
}
