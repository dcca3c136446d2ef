package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** s1's minimum thinking on a model that closes its span early. */
@QuarkusTest
@TestProfile(EarlyCloserProfile.class)
class EarlyCloserTest extends ServerTest {

    /** "<think>", "\n", "Let", " me", " see", " ." and "</think>". */
    private static final int FIRST_THOUGHT = 2 + SyntheticModels.EARLY_THOUGHT.length + 1;
    /** After "Wait": " Let", " me", " see", " ." and "</think>". */
    private static final int LATER_THOUGHT = SyntheticModels.EARLY_THOUGHT.length + 1;


    @Test
    void withoutAMinimumTheModelClosesEarlyAndAnswers() {
        JsonNode reply = ask("{}");

        assertEquals("Let me see .", reply.at("/choices/0/message/reasoning_content").asText(), reply.toString());
        assertEquals(FIRST_THOUGHT, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        assertEquals("natural", reply.at("/thinkgate/exit").asText());
        assertEquals(0, reply.at("/thinkgate/extensions").asInt());
    }

    @Test
    void aMinimumReplacesEarlyCloseMarkersWithWaitUntilItIsMet() {
        int minimum = FIRST_THOUGHT + LATER_THOUGHT + 1;
        JsonNode reply = ask("{\"min_tokens\": " + minimum + "}");

        assertEquals("Let me see .\nWait Let me see .\nWait Let me see .",
                reply.at("/choices/0/message/reasoning_content").asText(), reply.toString());
        assertEquals(FIRST_THOUGHT + 2 * LATER_THOUGHT,
                reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        assertEquals(2, reply.at("/thinkgate/extensions").asInt());
        assertEquals(minimum, reply.at("/thinkgate/min_tokens").asInt());
        assertTrue(reply.at("/thinkgate/injected_tokens").asInt() > 0);
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
        assertEquals("stop", reply.at("/choices/0/finish_reason").asText());
    }

    @Test
    void aMinimumAlsoWorksWhileStreaming() {
        TestServer.StreamedText reply = server.streamChat("""
                {"messages":[{"role":"user","content":"x"}],"stream":true,"thinkgate":{"min_tokens":8}}""");

        assertEquals("Let me see .\nWait Let me see .", reply.reasoning());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.content());
    }

    @Test
    void theExtensionsStopAtTheConfiguredMaximum() {
        JsonNode reply = ask("{\"min_tokens\": 1000, \"loop_brake\": false}");

        int extensions = 8;
        assertEquals(extensions, reply.at("/thinkgate/extensions").asInt(),
                "thinkgate.thinking.max-extensions defaults to 8");
        assertEquals(FIRST_THOUGHT + extensions * LATER_THOUGHT,
                reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        assertEquals("natural", reply.at("/thinkgate/exit").asText());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
    }

    @Test
    void theLoopBrakeCatchesAModelThatKeepsClosingTheSameWay() {
        JsonNode reply = ask("{\"min_tokens\": 1000}");

        assertEquals("loop", reply.at("/thinkgate/exit").asText(), reply.toString());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
    }

    private JsonNode ask(String thinkgate) {
        return server.postJson("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"thinkgate\":" + thinkgate + "}");
    }
}
