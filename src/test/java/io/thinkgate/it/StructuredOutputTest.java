package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What real llama.cpp writes under a schema's grammar validates against the schema, checked by an independent JSON
 * Schema validator. The demo model wants to write a fixed sentence; under the grammar its choice among the allowed
 * tokens is random, so each seed walks another path through the grammar. Every string and array is bounded, so
 * each walk ends well within max_tokens.
 */
@QuarkusTest
class StructuredOutputTest extends ServerTest {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final int SEEDS = 4;

    @ParameterizedTest
    @ValueSource(strings = {
            """
            {"type":"object","properties":{"name":{"type":"string","maxLength":6},"age":{"type":"integer",
             "minimum":0,"maximum":120}},"required":["name","age"],"additionalProperties":false}""",
            """
            {"type":"object","properties":{"unit":{"enum":["kg","lb",null,3]},"ok":{"type":"boolean"},
             "note":{"type":["string","null"],"maxLength":4}},"required":["unit"],"additionalProperties":false}""",
            """
            {"type":"array","items":{"type":"integer","minimum":-50,"maximum":-7},"minItems":1,"maxItems":3}""",
            """
            {"type":"object","properties":{"day":{"type":"string","format":"date"},"at":{"type":"string",
             "format":"time"},"id":{"type":"string","format":"uuid"}},"required":["day","at","id"],
             "additionalProperties":false}""",
            """
            {"type":"object","properties":{"stamp":{"type":"string","format":"date-time"}},"required":["stamp"],
             "additionalProperties":false}""",
            """
            {"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]{2}-\\\\d{3}$"},
             "zip":{"type":"string","pattern":"^(\\\\d{5}|\\\\d{5}-\\\\d{4})$"}},"required":["code","zip"],
             "additionalProperties":false}""",
            """
            {"anyOf":[{"type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"integer","minimum":1,
             "maximum":9}},"required":["kind","r"],"additionalProperties":false},{"type":"null"}]}""",
            """
            {"$defs":{"leaf":{"type":"string","enum":["x","y"]}},"type":"object","properties":{"a":{"$ref":
             "#/$defs/leaf"},"b":{"type":"array","items":{"$ref":"#/$defs/leaf"},"maxItems":2}},"required":["a","b"],
             "additionalProperties":false}""",
            """
            {"type":"array","prefixItems":[{"type":"boolean"},{"type":"integer","exclusiveMinimum":9,
             "exclusiveMaximum":12}],"items":false}""",
            """
            {"type":"object","properties":{"a":{"type":"integer","minimum":100,"maximum":105},"b":{"type":"string",
             "maxLength":2}},"allOf":[{"required":["a"]},{"required":["b"]}],"additionalProperties":false}""",
            """
            {"allOf":[{"type":"object","properties":{"a":{"type":"integer","minimum":-3,"maximum":3}},
             "required":["a"]},{"properties":{"b":{"type":"null"}},"required":["b"]}]}""",
            """
            {"type":"string","pattern":"^[^\\"\\\\\\\\]{0,3}[\\"\\\\\\\\][a\\\\n]?$"}""",
    })
    void theAnswerValidatesAgainstItsSchema(String schemaText) {
        Schema validator = SCHEMAS.getSchema(schemaText);
        for (int seed = 1; seed <= SEEDS; seed++) {
            JsonNode reply = server.postJson("/v1/chat/completions", """
                    {"messages":[{"role":"user","content":"Answer in JSON."}],"reasoning_effort":"none",
                     "max_tokens":700,"temperature":1.0,"seed":%d,
                     "response_format":{"type":"json_schema","json_schema":{"name":"t","schema":%s}}}"""
                    .formatted(seed, schemaText));

            assertEquals("stop", reply.at("/choices/0/finish_reason").asText(), reply.toString());
            String content = reply.at("/choices/0/message/content").asText();
            assertValid(validator, content);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void theGrammarStartsAfterTheReasoning(int seed) {
        String schemaText = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1,"
                + "\"maximum\":3}},\"required\":[\"n\"],\"additionalProperties\":false}";
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"Answer in JSON."}],"thinking":{"type":"enabled",
                 "budget_tokens":12},"max_tokens":400,"temperature":1.0,"seed":%d,
                 "response_format":{"type":"json_schema","json_schema":{"name":"t","schema":%s}}}"""
                .formatted(seed, schemaText));

        assertTrue(reply.at("/choices/0/message/reasoning_content").asText().contains("Hmm"), reply.toString());
        assertValid(SCHEMAS.getSchema(schemaText), reply.at("/choices/0/message/content").asText());
    }

    /** llama.cpp's own {@code grammar} field, checked and re-written in Java, constrains the answer. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aClientGrammarConstrainsTheAnswer(int seed) {
        String grammar = "root ::= (\"yes\" | \"no\") \" \" [0-9]{2}";
        JsonNode chat = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"Yes or no?"}],"reasoning_effort":"none","max_tokens":50,
                 "temperature":1.0,"seed":%d,"grammar":%s}""".formatted(seed, TestServer.toJson(grammar)));
        assertTrue(chat.at("/choices/0/message/content").asText().matches("(yes|no) [0-9]{2}"), chat.toString());

        JsonNode completion = server.postJson("/v1/completions", """
                {"prompt":"Yes or no?","max_tokens":50,"temperature":1.0,"seed":%d,"grammar":%s}"""
                .formatted(seed, TestServer.toJson(grammar)));
        assertTrue(completion.at("/choices/0/text").asText().matches("(yes|no) [0-9]{2}"), completion.toString());
    }

    private static void assertValid(Schema validator, String content) {
        JsonNode answer = TestServer.json(content);
        List<Error> errors = validator.validate(answer,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        assertTrue(errors.isEmpty(), content + " -> " + errors);
    }
}
