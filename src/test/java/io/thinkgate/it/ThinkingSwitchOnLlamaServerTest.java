package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Qwen3-style template on llama-server: no_think is rendered by the template's own {@code enable_thinking=false}
 * (ThinkGate adds no closed span of its own), thinking is rendered with {@code enable_thinking=true}, and a
 * request's other {@code chat_template_kwargs} reach the template.
 */
@QuarkusTest
@TestProfile(LlamaServerProfile.WithThinkingSwitch.class)
class ThinkingSwitchOnLlamaServerTest extends ServerTest {

    static final String QUESTION = "\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}]";

    int promptTokens(String extra) {
        JsonNode reply = server.postJson("/v1/chat/completions", "{" + QUESTION + ",\"max_tokens\":16" + extra + "}");
        assertEquals(200, reply.path("choices").isArray() ? 200 : 500, reply.toString());
        return reply.at("/usage/prompt_tokens").asInt();
    }

    int tokens(String text) {
        return server.postJson("/v1/completions", "{\"prompt\":" + TestServer.quote(text) + ",\"max_tokens\":1}")
                .at("/usage/prompt_tokens").asInt();
    }

    @Test
    void noThinkIsTheTemplatesOwnClosedSpan() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                "{" + QUESTION + ",\"reasoning_effort\":\"none\",\"max_tokens\":16}");
        assertEquals("The answer is 42.", reply.at("/choices/0/message/content").asText(), reply.toString());
        assertEquals(0, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        int thinking = promptTokens("");
        int noThink = reply.at("/usage/prompt_tokens").asInt();
        int templateSpan = tokens("<think></think>\n\n");
        int gatewaySpan = tokens("<think>\n\n</think>\n\n");
        assertTrue(templateSpan != gatewaySpan, "the test needs the two closed spans to differ in tokens");
        assertEquals(thinking + templateSpan, noThink,
                "no_think must be rendered by the template (enable_thinking=false), not by ThinkGate's prefix");
    }

    @Test
    void thinkingIsRenderedWithTheSwitchOnAndTheModelThinks() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                "{" + QUESTION + ",\"thinkgate\":{\"budget_tokens\":8},\"max_tokens\":64}");
        assertEquals(8, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt(), reply.toString());
        assertEquals("budget", reply.at("/thinkgate/exit").asText());
    }

    @Test
    void theRequestsTemplateKwargsReachTheTemplate() {
        int plain = promptTokens("");
        int withNote = promptTokens(",\"chat_template_kwargs\":{\"system_note\":\"Be brief\"}");
        assertEquals(plain + tokens("<|system|>Be brief"), withNote, "system_note must be rendered by the template");
    }

    @Test
    void enableThinkingFalseFromTheRequestIsNoThink() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                "{" + QUESTION + ",\"chat_template_kwargs\":{\"enable_thinking\":false},\"max_tokens\":16}");
        assertEquals("no_think", reply.at("/thinkgate/mode").asText(), reply.toString());
        assertEquals("The answer is 42.", reply.at("/choices/0/message/content").asText());
    }
}
