package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded engine (the binding's llama.cpp b4916) has no access to log-probabilities: asking for them is a 400
 * that names the engine that has them. {@link LogprobsOnLlamaServerTest} covers the replies.
 */
@QuarkusTest
class LogprobsTest extends ServerTest {

    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @Test
    void chatLogprobsAreRefusedNamingTheLlamaServerEngine() {
        HttpResponse<String> response = server.post("/v1/chat/completions",
                "{" + USER + ",\"logprobs\":true,\"top_logprobs\":2,\"max_tokens\":4}");
        assertRefused(response);
    }

    @Test
    void completionLogprobsAreRefusedToo() {
        assertRefused(server.post("/v1/completions", "{\"prompt\":\"Hello\",\"logprobs\":0,\"max_tokens\":4}"));
    }

    @Test
    void logprobsFalseIsServedWithNullLogprobs() {
        JsonNode reply = server.postJson("/v1/chat/completions", "{" + USER + ",\"logprobs\":false,\"max_tokens\":4}");
        assertTrue(reply.at("/choices/0").has("logprobs"), reply.toString());
        assertTrue(reply.at("/choices/0/logprobs").isNull(), reply.toString());
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = TestServer.json(response.body()).path("error");
        assertEquals("unsupported_parameter", error.path("code").asText(), response.body());
        assertEquals("logprobs", error.path("param").asText(), response.body());
        assertTrue(error.path("message").asText().contains("thinkgate.engine.kind=llama-server"), response.body());
    }
}
