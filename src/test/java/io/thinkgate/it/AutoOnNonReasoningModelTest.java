package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On a model that does not reason, auto has nothing to decide, and its report says so. */
@QuarkusTest
@TestProfile(AutoOnNonReasoningModelTest.Profile.class)
class AutoOnNonReasoningModelTest extends ServerTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("thinkgate.reasoning.enabled", "false", "thinkgate.thinking.default-mode", "auto");
        }
    }

    @Test
    void autoDoesNothingAndSaysSo() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                AutoThinkingTest.chat(AutoThinkingTest.WORD_PROBLEM, ",\"max_tokens\":16"));
        JsonNode report = reply.path("thinkgate");
        assertFalse(report.has("mode"), report.toString());
        JsonNode decision = report.path("decision");
        assertEquals("no_think", decision.path("chosen").asText(), reply.toString());
        assertTrue(decision.path("reason").asText().contains("does not reason"), decision.toString());
        assertFalse(decision.has("difficulty"), decision.toString());
        assertEquals(16, reply.at("/usage/completion_tokens").asInt());
    }
}
