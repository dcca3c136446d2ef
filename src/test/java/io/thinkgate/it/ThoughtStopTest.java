package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.util.List;

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
        List<String> events = server.postEvents("/v1/chat/completions", ThoughtModelProfiles.BUDGETED_THOUGHTS.formatted(true, ""));

        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode delta = TestServer.json(event).at("/choices/0/delta");
            reasoning.append(delta.path("reasoning_content").asText(""));
            content.append(delta.path("content").asText(""));
        }
        assertFalse(reasoning.toString().contains("<STOP>"));
        assertTrue(reasoning.toString().startsWith("Hmm"), reasoning.toString());
        assertEquals(SyntheticModels.ANSWER_TEXT, content.toString());
    }
}
