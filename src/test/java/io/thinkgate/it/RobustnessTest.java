package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs that once reached native code in a form it cannot take (a C++ exception there ends the JVM): the server
 * must answer them and keep serving.
 */
@QuarkusTest
class RobustnessTest extends ServerTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"\"},{\"role\":\"user\",\"content\":\"b\"}]",
            "[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":null},{\"role\":\"user\",\"content\":\"b\"}]",
            "[{\"role\":\"user\",\"content\":[]}]",
            "[{\"role\":\"user\",\"content\":\"\"}]",
            "[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"\"}]",
            "[{\"role\":\"user\",\"content\":\"emoji \\ud83d\\ude00 and \\u0000 nul\"}]",
    })
    void emptyOrUnusualContentIsRenderedAndTheServerLivesOn(String messages) {
        JsonNode reply = server.postJson("/v1/chat/completions",
                "{\"messages\":" + messages + ",\"reasoning_effort\":\"none\"}");

        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText(), reply.toString());
        assertEquals(200, server.get("/q/health/live").statusCode());
    }

    @Test
    void aSchemaTheConverterAcceptsConstrainsTheAnswer() {
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"How many?"}],"reasoning_effort":"none","max_tokens":200,
                 "response_format":{"type":"json_schema","json_schema":{"name":"count","schema":{
                   "type":"object","additionalProperties":false,"required":["answer","unit"],
                   "properties":{"answer":{"$ref":"#/$defs/small"},"unit":{"enum":["apples","pears"]}},
                   "$defs":{"small":{"type":"integer","minimum":40,"maximum":45}}}}}}""");

        JsonNode answer = TestServer.json(reply.at("/choices/0/message/content").asText());
        assertTrue(answer.get("answer").asInt() >= 40 && answer.get("answer").asInt() <= 45, answer.toString());
        assertTrue(answer.get("unit").asText().matches("apples|pears"), answer.toString());
    }

    @Test
    void theAcceptHeaderDoesNotChangeTheReplyFormat() throws Exception {
        for (String accept : new String[] {"text/event-stream", "text/plain", "application/xml"}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.base() + "/v1/chat/completions")).header("Content-Type", "application/json")
                    .header("Accept", accept)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"none\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), accept + ": " + response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"),
                    accept);
            assertEquals(SyntheticModels.ANSWER_TEXT,
                    TestServer.json(response.body()).at("/choices/0/message/content").asText());
        }
    }
}
