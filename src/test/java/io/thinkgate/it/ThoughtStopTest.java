package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A thought model that answers {@code <STOP>} falls back to the main model's own, budgeted thinking. */
@QuarkusTest
@TestProfile(ThoughtModelProfiles.Stopper.class)
class ThoughtStopTest extends ServerTest {


    @Test
    void theMainModelThinksWithinTheBudgetAndAnswers() {
        JsonNode reply = server.postJson("/v1/chat/completions", ThoughtModelProfiles.BUDGETED_THOUGHTS.formatted(false, ""));

        assertEquals("stop", reply.at("/thinkgate/thoughts/outcome").asText(), reply.toString());
        assertEquals(10, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        assertEquals("budget", reply.at("/thinkgate/exit").asText());
        String reasoning = reply.at("/choices/0/message/reasoning_content").asText();
        assertFalse(reasoning.contains("<STOP>"), "the stop marker is never shown: " + reasoning);
        assertTrue(reasoning.startsWith("Hmm"), reasoning);
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
    }

    @Test
    void aStreamedFallbackShowsNoStopMarkerAndStillAnswers() {
        TestServer.StreamedText reply = server.streamChat(ThoughtModelProfiles.BUDGETED_THOUGHTS.formatted(true, ""));

        assertFalse(reply.reasoning().contains("<STOP>"));
        assertTrue(reply.reasoning().startsWith("Hmm"), reply.reasoning());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.content());
    }
}
