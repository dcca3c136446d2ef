package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad requests get OpenAI's error envelope with the right status and the offending parameter, never a 500. */
@QuarkusTest
class ErrorResponsesTest extends ServerTest {

    private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "malformed JSON            | {\"messages\": [           | 400 | invalid_json          | ",
            "messages is a string      | {\"messages\": \"hi\"}     | 400 | invalid_type          | messages",
            "max_tokens is a string    | {" + USER + ",\"max_tokens\":\"many\"} | 400 | invalid_type | max_tokens",
            "body is an array          | []                         | 400 | invalid_type          | ",
            "empty body                | ``                         | 400 | invalid_value         | ",
            "empty messages            | {\"messages\": []}         | 400 | invalid_value         | messages",
            "no messages               | {\"model\": \"thinkgate-demo\"} | 400 | invalid_value     | messages",
            "unknown role              | {\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]} | 400 | invalid_value | messages[0].role",
            "missing content           | {\"messages\":[{\"role\":\"user\"}]} | 400 | invalid_value | messages[0].content",
            "image part                | {\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]} | 400 | invalid_value | messages[0].content[0]",
            "fractional max_tokens     | {" + USER + ",\"max_tokens\":1.5} | 400 | invalid_type | max_tokens",
            "budget as a string        | {" + USER + ",\"thinking_budget_tokens\":\"12\"} | 400 | invalid_type | thinking_budget_tokens",
            "negative max_tokens       | {" + USER + ",\"max_tokens\":-5} | 400 | invalid_value | max_tokens",
            "zero max_completion_tokens| {" + USER + ",\"max_completion_tokens\":0} | 400 | invalid_value | max_completion_tokens",
            "too large max_tokens      | {" + USER + ",\"max_tokens\":1000000} | 400 | context_length_exceeded | max_tokens",
            "n above one               | {" + USER + ",\"n\":2}     | 400 | unsupported_parameter | n",
            "tools                     | {" + USER + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]} | 400 | unsupported_parameter | tools",
            "top_logprobs alone        | {" + USER + ",\"top_logprobs\":3} | 400 | invalid_value | top_logprobs",
            "top_logprobs over 20      | {" + USER + ",\"logprobs\":true,\"top_logprobs\":21} | 400 | invalid_value | top_logprobs",
            "negative top_logprobs     | {" + USER + ",\"logprobs\":true,\"top_logprobs\":-1} | 400 | invalid_value | top_logprobs",
            "temperature out of range  | {" + USER + ",\"temperature\":3} | 400 | invalid_value | temperature",
            "top_p out of range        | {" + USER + ",\"top_p\":0} | 400 | invalid_value         | top_p",
            "stop is a number          | {" + USER + ",\"stop\":5}  | 400 | invalid_value         | stop",
            "five stop sequences       | {" + USER + ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]} | 400 | invalid_value | stop",
            "unknown response format   | {" + USER + ",\"response_format\":{\"type\":\"yaml\"}} | 400 | invalid_value | response_format.type",
            "schema missing            | {" + USER + ",\"response_format\":{\"type\":\"json_schema\"}} | 400 | invalid_value | response_format.json_schema.schema",
            "number out of range       | {" + USER + ",\"max_tokens\":99999999999} | 400 | invalid_type | max_tokens",
            "schema of unknown type    | {" + USER + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"wat\"}}}} | 400 | invalid_value | response_format.json_schema.schema",
            "unanchored pattern        | {" + USER + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"string\",\"pattern\":\"[a-z]+\"}}}} | 400 | invalid_value | response_format.json_schema.schema",
            "broken pattern            | {" + USER + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"string\",\"pattern\":\"^(a$\"}}}} | 400 | invalid_value | response_format.json_schema.schema",
            "dangling reference        | {" + USER + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/nope\"}}}}}} | 400 | invalid_value | response_format.json_schema.schema",
            "remote reference          | {" + USER + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"$ref\":\"https://example.com/s.json\"}}}} | 400 | invalid_value | response_format.json_schema.schema",
            "unsupported keyword       | {" + USER + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"not\":{\"type\":\"null\"}}}}} | 400 | invalid_value | response_format.json_schema.schema",
            "bad client grammar        | {" + USER + ",\"grammar\":\"root ::= root \\\"a\\\"\"} | 400 | invalid_value | grammar",
            "grammar and schema        | {" + USER + ",\"grammar\":\"root ::= \\\"a\\\"\",\"response_format\":{\"type\":\"json_object\"}} | 400 | invalid_value | grammar",
            "minItems as a string      | {" + USER + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":\"2\"}}}} | 400 | invalid_value | response_format.json_schema.schema",
            "unknown model             | {\"model\":\"gpt-4o\"," + USER + "} | 404 | model_not_found | model",
    })
    void chatCompletionRefusal(String name, String body, int status, String code, String param) {
        HttpResponse<String> response = server.post("/v1/chat/completions", body);

        assertError(response, status, code, param);
    }

    @Test
    void completionRefusals() {
        assertError(server.post("/v1/completions", "{\"prompt\": 5}"), 400, "invalid_value", "prompt");
        assertError(server.post("/v1/completions", "{\"prompt\": \"x\", \"logprobs\": 6}"), 400,
                "invalid_value", "logprobs");
        assertError(server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 0}"), 400, "invalid_value",
                "max_tokens");
        assertError(server.post("/v1/completions", "{\"prompt\": \"x\", \"best_of\": 2}"), 400,
                "unsupported_parameter", "best_of");
        assertError(server.post("/v1/completions", "{\"model\": \"nope\", \"prompt\": \"x\"}"), 404,
                "model_not_found", "model");
    }

    @Test
    void unknownPathWrongMethodAndWrongMediaTypeUseTheErrorEnvelope() {
        assertError(server.get("/v1/nothing-here"), 404, "not_found", null);
        assertError(server.get("/v1/chat/completions"), 405, "method_not_allowed", null);
        assertError(server.get("/v1/models/not-a-model"), 404, "model_not_found", "model");
    }

    @Test
    void aBodyOverTheLimitGetsTheEnvelopeToo() {
        String huge = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}]}";

        assertError(server.post("/v1/chat/completions", huge), 413, "request_too_large", null);
    }

    @Test
    void aNumberPastTheParsersLimitIsInvalidJsonNamingTheLimit() {
        HttpResponse<String> response = server.post("/v1/chat/completions",
                "{" + USER + ",\"max_tokens\":" + "9".repeat(1_001) + "}");

        assertError(response, 400, "invalid_json", null);
        String message = TestServer.json(response.body()).at("/error/message").asText();
        assertTrue(message.contains("numbers may have at most 1000 digits"), message);
    }

    @Test
    void nestingPastTheParsersLimitIsInvalidJsonNamingTheLimit() {
        HttpResponse<String> response = server.post("/v1/chat/completions",
                "{" + USER + ",\"thinkgate\":{\"x\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}}");

        assertError(response, 400, "invalid_json", null);
        String message = TestServer.json(response.body()).at("/error/message").asText();
        assertTrue(message.contains("at most 1000 deep"), message);
    }

    @Test
    void rejectedBodiesAreCountedAsClientErrors() {
        String series = "thinkgate_requests_seconds_count{endpoint=\"chat_completions\",outcome=\"client_error\"}";
        double before = server.metric(series);

        server.post("/v1/chat/completions", "{\"messages\": [");
        server.post("/v1/chat/completions", "{\"messages\": \"hi\"}");

        assertEquals(before + 2, server.metric(series));
    }

    static void assertError(HttpResponse<String> response, int status, String code, String param) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = TestServer.json(response.body()).get("error");
        assertEquals(code, error.get("code").asText(), response.body());
        assertTrue(error.has("param") && error.has("type") && error.has("message"), response.body());
        assertFalse(error.get("message").asText().isBlank());
        assertFalse(response.body().contains("Exception"), "no Java internals leak: " + response.body());
        if (param == null || param.isBlank()) {
            assertTrue(error.get("param").isNull(), response.body());
        } else {
            assertEquals(param, error.get("param").asText(), response.body());
        }
    }
}
