package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code thinkgate.thinking.default-mode=auto}: requests that say nothing are decided; any control wins. */
@QuarkusTest
@TestProfile(AutoByDefaultProfile.class)
class AutoByDefaultTest extends ServerTest {

    @Test
    void aRequestThatSaysNothingIsDecidedByAuto() {
        JsonNode easy = server.postJson("/v1/chat/completions", AutoThinkingTest.chat("Hello!", ",\"max_tokens\":16"));
        assertEquals("no_think", easy.at("/thinkgate/decision/chosen").asText(), easy.toString());
        JsonNode hard = server.postJson("/v1/chat/completions",
                AutoThinkingTest.chat(AutoThinkingTest.WORD_PROBLEM, ",\"max_tokens\":1000"));
        JsonNode decision = hard.at("/thinkgate/decision");
        assertEquals("think", decision.path("chosen").asText(), hard.toString());
        assertTrue(decision.path("budget_tokens").asInt() <= 300, "thinkgate.auto.max-budget bounds it: " + decision);
    }

    @Test
    void anyThinkingControlOfTheRequestWins() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                AutoThinkingTest.chat("Hello!", ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8},\"max_tokens\":64"));
        assertEquals("think", reply.at("/thinkgate/mode").asText(), reply.toString());
        assertEquals("thinking", reply.at("/thinkgate/source").asText());
        assertFalse(reply.path("thinkgate").has("decision"), reply.toString());
        JsonNode off = server.postJson("/v1/chat/completions",
                AutoThinkingTest.chat(AutoThinkingTest.WORD_PROBLEM, ",\"reasoning_effort\":\"none\",\"max_tokens\":64"));
        assertEquals("no_think", off.at("/thinkgate/mode").asText(), off.toString());
        assertFalse(off.path("thinkgate").has("decision"), off.toString());
    }
}
