package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key's largest thinking budget and the modes it may use, from its line of the key file. */
@QuarkusTest
@TestProfile(RateLimitsProfile.class)
class ThinkingPerKeyTest extends ServerTest {

    static final String LONG_THOUGHT = """
            {"messages":[{"role":"user","content":"think forever"}],"max_tokens":2000,
             "thinkgate":{"mode":"think","budget_tokens":1000,"loop_brake":false}}""";

    HttpResponse<String> chat(String key, String body) throws Exception {
        return ApiKeysTest.call(server, "POST", "/v1/chat/completions", body, "x-api-key", key);
    }

    @Test
    void aBudgetOverTheKeysLargestIsCappedAtIt() throws Exception {
        HttpResponse<String> reply = chat(RateLimitsProfile.DAVE, LONG_THOUGHT);
        assertEquals(200, reply.statusCode(), reply.body());
        JsonNode json = TestServer.json(reply.body());
        int reasoning = json.at("/usage/completion_tokens_details/reasoning_tokens").asInt();
        assertTrue(reasoning > 0 && reasoning <= 16, "reasoning tokens " + reasoning + ": " + json.get("thinkgate"));
        assertEquals("budget", json.at("/thinkgate/exit").asText(), json.get("thinkgate").toString());
        HttpResponse<String> other = chat(RateLimitsProfile.CAROL, LONG_THOUGHT);
        assertTrue(TestServer.json(other.body()).at("/usage/completion_tokens_details/reasoning_tokens").asInt() > 16,
                "a key without a cap thinks to the request's own budget");
    }

    @Test
    void aModeTheKeyMayNotUseIsRefusedWith403() throws Exception {
        HttpResponse<String> auto = chat(RateLimitsProfile.DAVE,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"thinkgate\":{\"mode\":\"auto\"}}");
        ErrorResponsesTest.assertError(auto, 403, "mode_not_allowed", "thinkgate.mode");
        assertTrue(auto.body().contains("may not use thinking mode 'auto'") && auto.body().contains("think, no_think"),
                auto.body());
        HttpResponse<String> effort = chat(RateLimitsProfile.ERIN,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"high\"}");
        ErrorResponsesTest.assertError(effort, 403, "mode_not_allowed", "reasoning_effort");
    }

    @Test
    void theServersDefaultModeGivesWayToTheKeysOwn() throws Exception {
        HttpResponse<String> reply = chat(RateLimitsProfile.ERIN,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}");
        assertEquals(200, reply.statusCode(), reply.body());
        JsonNode json = TestServer.json(reply.body());
        assertEquals(0, json.at("/usage/completion_tokens_details/reasoning_tokens").asInt(), reply.body());
        assertEquals("no_think", json.at("/thinkgate/mode").asText(), reply.body());
        assertEquals(SyntheticModels.ANSWER_TEXT, json.at("/choices/0/message/content").asText());
    }
}
