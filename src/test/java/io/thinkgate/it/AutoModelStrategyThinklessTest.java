package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Auto's {@code model} strategy on a Thinkless-like model, which answers after its {@code <short>} token. */
@QuarkusTest
@TestProfile(ProbeProfiles.Thinkless.class)
class AutoModelStrategyThinklessTest extends ServerTest {

    @Test
    void theNoThinkingTokenIsReadAsTheModelsChoiceAndKeptOutOfTheAnswer() {
        JsonNode reply = server.postJson("/v1/chat/completions", AutoThinkingTest.chat("What is 2+2?",
                AutoThinkingTest.MODEL_STRATEGY + ",\"max_tokens\":64"));
        JsonNode decision = reply.at("/thinkgate/decision");
        assertEquals("no_think", decision.path("chosen").asText(), reply.toString());
        assertEquals(AutoModelStrategyTest.NO_THINKING, decision.path("reason").asText());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText(), reply.toString());
        assertTrue(reply.at("/choices/0/message/reasoning_content").isNull(), reply.toString());
        assertEquals(0, reply.at("/thinkgate/reasoning_tokens").asInt(), reply.toString());
    }

    @Test
    void theAnswerGrammarStartsRightAfterTheToken() {
        String grammar = "root ::= (\"yes\" | \"no\") \" \" [0-9]{2}";
        JsonNode chat = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"Yes or no?"}],"max_tokens":50,"temperature":1.0,"seed":3,
                 "grammar":%s}""".formatted(TestServer.toJson(grammar)));
        assertTrue(chat.at("/choices/0/message/content").asText().matches("(yes|no) [0-9]{2}"), chat.toString());
    }

    @Test
    void noThinkingIsAskedForWithTheModelsOwnToken() {
        JsonNode reply = server.postJson("/v1/chat/completions", AutoThinkingTest.chat("Hi",
                ",\"reasoning_effort\":\"none\",\"max_tokens\":16"));
        assertEquals("no_think", reply.at("/thinkgate/mode").asText(), reply.toString());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText(), reply.toString());
        assertEquals(0, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt(), reply.toString());
    }

    @Test
    void inAnyModeTheTokenNeverReachesTheClient() {
        String stream = String.join("", server.postEvents("/v1/chat/completions",
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":32}"));
        assertTrue(stream.contains("The") && !stream.contains(SyntheticModels.SHORT), stream);
    }
}
