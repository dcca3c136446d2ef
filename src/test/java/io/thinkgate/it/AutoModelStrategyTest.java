package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Auto's {@code model} strategy on an AdaptThink-like model, which closes its reasoning at once. */
@QuarkusTest
@TestProfile(ProbeProfiles.Adaptive.class)
class AutoModelStrategyTest extends ServerTest {

    static final String NO_THINKING = "the model chose not to think: it wrote no reasoning before its answer";

    @Test
    void aModelThatClosesItsReasoningAtOnceIsReportedAsChoosingNoThinking() {
        String series = "thinkgate_auto_decisions_total{chosen=\"no_think\",strategy=\"model\"}";
        double before = server.metric(series);
        String body = AutoThinkingTest.chat("What is 2+2?", AutoThinkingTest.MODEL_STRATEGY + ",\"max_tokens\":64");
        JsonNode reply = server.postJson("/v1/chat/completions", body);
        JsonNode decision = reply.at("/thinkgate/decision");
        assertEquals("model", decision.path("strategy").asText(), reply.toString());
        assertEquals("no_think", decision.path("chosen").asText(), reply.toString());
        assertEquals(NO_THINKING, decision.path("reason").asText());
        assertFalse(decision.has("budget_tokens"), decision.toString());
        assertTrue(reply.at("/choices/0/message/reasoning_content").isNull(), reply.toString());
        assertTrue(reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt() <= 2,
                "at most the two markers: " + reply);
        assertEquals("stop", reply.at("/choices/0/finish_reason").asText());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText().strip());
        assertEquals(before + 1, server.metric(series));
        JsonNode streamed = AutoThinkingTest.streamedDecision(server, body);
        assertEquals("no_think", streamed.path("chosen").asText(), streamed.toString());
        assertEquals(decision.path("reason"), streamed.path("reason"));
    }
}
