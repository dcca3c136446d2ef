package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request deadline bounds each request's work: a request that would think for thousands of tokens ends at the
 * deadline with finish_reason length, and says why.
 */
@QuarkusTest
@TestProfile(DeadlineTest.TightDeadline.class)
class DeadlineTest extends ServerTest {

    /** Short enough that the demo model, at any speed this machine gives it, cannot write 3,500 tokens in time. */
    public static class TightDeadline implements QuarkusTestProfile {

        static final long TIMEOUT_MILLIS = 500;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("thinkgate.request.timeout", TIMEOUT_MILLIS + "ms");
        }
    }

    private static final String ENDLESS_CHAT = """
            {"messages":[{"role":"user","content":"think forever"}],"max_tokens":3500,"thinkgate":{"loop_brake":false}}""";

    @Test
    void aChatCompletionEndsAtTheDeadlineWithLengthAndSaysSo() {
        long started = System.nanoTime();
        JsonNode reply = server.postJson("/v1/chat/completions", ENDLESS_CHAT);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals("length", reply.at("/choices/0/finish_reason").asText(), reply.toString());
        assertTrue(reply.at("/thinkgate/timed_out").asBoolean(), reply.toString());
        assertEquals("length", reply.at("/thinkgate/exit").asText());
        int completion = reply.at("/usage/completion_tokens").asInt();
        assertTrue(completion > 0 && completion < 3500, "cut short: " + completion);
        assertTrue(millis >= TightDeadline.TIMEOUT_MILLIS, "not before the deadline: " + millis + " ms");
    }

    @Test
    void aStreamEndsAtTheDeadlineWithTheReportAndDone() {
        List<String> events = server.postEvents("/v1/chat/completions",
                ENDLESS_CHAT.replace("{\"messages\"", "{\"stream\":true,\"messages\""));

        assertEquals("[DONE]", events.get(events.size() - 1));
        JsonNode last = TestServer.json(events.get(events.size() - 2));
        assertEquals("length", last.at("/choices/0/finish_reason").asText(), last.toString());
        assertTrue(last.at("/thinkgate/timed_out").asBoolean(), last.toString());
    }

    @Test
    void aTextCompletionEndsAtTheDeadlineToo() {
        JsonNode reply = server.postJson("/v1/completions", "{\"prompt\":\"Hmm\",\"max_tokens\":3500}");

        assertEquals("length", reply.at("/choices/0/finish_reason").asText(), reply.toString());
        assertTrue(reply.at("/thinkgate/timed_out").asBoolean(), reply.toString());
        assertTrue(reply.at("/usage/completion_tokens").asInt() < 3500, reply.toString());
    }

    @Test
    void aRequestWithinTheDeadlineCarriesNoDeadlineReport() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"none\"}");
        JsonNode text = server.postJson("/v1/completions", "{\"prompt\":\"Hmm\",\"max_tokens\":4}");

        assertEquals("stop", reply.at("/choices/0/finish_reason").asText());
        assertFalse(reply.path("thinkgate").has("timed_out"), reply.toString());
        assertFalse(text.has("thinkgate"), text.toString());
    }
}
