package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a thought model configured, auto sends requests of middling difficulty to ThoughtMani: the thought model's
 * steps are placed in the span and the model answers from them; easy and hard requests still get no_think and think.
 */
@QuarkusTest
@TestProfile(ThoughtModelProfiles.Writer.class)
class AutoWithThoughtModelTest extends ServerTest {

    /** Difficulty 0.27 with the shipped weights: between no-think-below (0.2) and thoughts-below (0.35). */
    static final String MIDDLING = "If x + 3 = 10, what is x?";

    @Test
    void aMiddlingRequestGetsThoughtsFromTheThoughtModel() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                AutoThinkingTest.chat(MIDDLING, AutoThinkingTest.AUTO + ",\"max_tokens\":64"));
        JsonNode report = reply.path("thinkgate");
        assertEquals("thoughts", report.at("/decision/chosen").asText(), reply.toString());
        assertEquals("thoughts", report.path("mode").asText());
        assertEquals("thought-model", report.at("/thoughts/source").asText());
        assertEquals("injected", report.at("/thoughts/outcome").asText());
        assertTrue(reply.at("/choices/0/message/reasoning_content").asText().contains(SyntheticModels.THOUGHT_STEPS),
                reply.toString());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
        assertFalse(report.at("/decision").has("budget_tokens"), report.toString());
    }

    @Test
    void easyAndHardRequestsStillGetNoThinkAndThink() {
        assertEquals("no_think", server.postJson("/v1/chat/completions", AutoThinkingTest.chat("Hello!",
                AutoThinkingTest.AUTO + ",\"max_tokens\":16")).at("/thinkgate/decision/chosen").asText());
        assertEquals("think", server.postJson("/v1/chat/completions", AutoThinkingTest.chat(
                AutoThinkingTest.WORD_PROBLEM, AutoThinkingTest.AUTO + ",\"max_tokens\":64"))
                .at("/thinkgate/decision/chosen").asText());
    }
}
