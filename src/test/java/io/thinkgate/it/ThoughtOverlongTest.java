package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thoughts that hit their cap fall back to the main model's own, budgeted thinking. */
@QuarkusTest
@TestProfile(ThoughtModelProfiles.Rambler.class)
class ThoughtOverlongTest extends ServerTest {


    @Test
    void overlongThoughtsFallBackToBudgetedThinking() {
        JsonNode reply = server.postJson("/v1/chat/completions", ThoughtModelProfiles.BUDGETED_THOUGHTS.formatted(false,
                ",\"thoughts\":{\"max_tokens\":20}"));

        assertEquals("overlong", reply.at("/thinkgate/thoughts/outcome").asText(), reply.toString());
        assertEquals(20, reply.at("/thinkgate/thoughts/tokens").asInt());
        assertEquals(10, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        String reasoning = reply.at("/choices/0/message/reasoning_content").asText();
        assertTrue(reasoning.startsWith("Step 1:"), "the cut-off thoughts were shown as they came: " + reasoning);
        assertTrue(reasoning.contains("\n\nHmm"), "the fallback thinking follows them: " + reasoning);
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
    }

    @Test
    void theConfiguredCapAppliesWhenTheRequestSetsNone() {
        JsonNode reply = server.postJson("/v1/chat/completions", ThoughtModelProfiles.BUDGETED_THOUGHTS.formatted(false, ""));

        assertEquals("overlong", reply.at("/thinkgate/thoughts/outcome").asText(), reply.toString());
        assertEquals(64, reply.at("/thinkgate/thoughts/tokens").asInt(), "thinkgate.thoughts.max-tokens");
    }
}
