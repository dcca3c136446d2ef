package io.thinkgate.grammar.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.thinkgate.grammar.Grammar;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;
import io.thinkgate.grammar.GrammarMatcher;
import io.thinkgate.grammar.Grammars;
import io.thinkgate.grammar.gbnf.GbnfParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each keyword of the subset: the grammar accepts the texts listed as in, each of which the schema validates (checked
 * by an independent validator), and refuses those listed as out. What the subset cannot express is a
 * {@link GrammarException} at the right place.
 */
class JsonSchemaGrammarTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Grammars GRAMMARS = new Grammars(GrammarLimits.DEFAULT);

    static Grammar grammar(String schema) {
        try {
            return GbnfParser.parse(GRAMMARS.fromJsonSchema(JSON.readTree(schema)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Accepts every text in {@code in} (each valid by the validator too) and none in {@code out}. */
    static void language(String schema, String[] in, String[] out) {
        Grammar grammar = grammar(schema);
        Schema validator = SCHEMAS.getSchema(schema);
        for (String text : in) {
            assertTrue(GrammarMatcher.matches(grammar, text), schema + " should accept " + text);
            assertTrue(validator.validate(text, com.networknt.schema.InputFormat.JSON,
                    ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true))).isEmpty(),
                    "test data: " + text + " is not valid under " + schema);
        }
        for (String text : out) {
            assertFalse(GrammarMatcher.matches(grammar, text), schema + " should not accept " + text);
        }
    }

    private static String[] texts(String list) {
        return list.isEmpty() ? new String[0] : list.split(" ¦ ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{}`                                          | 0 ¦ "a" ¦ {"x": [1, null]} ¦ true ¦ -1.5e3 | tru ¦ 01 ¦ "a
            `true`                                        | [] ¦ null                                  | nul
            `{"type":"null"}`                             | null ¦ null                                | 0 ¦ "null"
            `{"type":"boolean"}`                          | true ¦ false                               | 1 ¦ "true"
            `{"type":"string"}`                           | "" ¦ "a b" ¦ "\\"\\\\\\n\\u00e9" ¦ "é"      | "a ¦ "\\x" ¦ "\\ud800" ¦ 1
            `{"type":"string","minLength":2,"maxLength":3}` | "ab" ¦ "abc" ¦ "\\n\\t"                   | "a" ¦ "abcd"
            `{"type":"number"}`                           | 0 ¦ -0.5 ¦ 12.25 ¦ 1e9 ¦ 3E-2              | 01 ¦ .5 ¦ 1. ¦ +1 ¦ "1"
            `{"type":"integer"}`                          | 0 ¦ -7 ¦ 1234567890123456                  | 1.5 ¦ -0 ¦ 00 ¦ 12345678901234567
            `{"type":"integer","minimum":-12,"maximum":345}` | -12 ¦ -1 ¦ 0 ¦ 9 ¦ 10 ¦ 99 ¦ 100 ¦ 299 ¦ 340 ¦ 345 | -13 ¦ 346 ¦ 400 ¦ 1000 ¦ -20
            `{"type":"integer","minimum":100}`            | 100 ¦ 999 ¦ 1000 ¦ 5555555555555555        | 99 ¦ 0 ¦ -100
            `{"type":"integer","maximum":-3}`             | -3 ¦ -10 ¦ -1234567890123456               | -2 ¦ 0 ¦ 3
            `{"type":"integer","exclusiveMinimum":9,"exclusiveMaximum":12}` | 10 ¦ 11                   | 9 ¦ 12
            `{"type":"integer","minimum":2.5,"maximum":4.5}` | 3 ¦ 4                                   | 2 ¦ 5
            `{"type":"integer","minimum":7,"maximum":7}`  | 7                                          | 6 ¦ 8
            `{"type":["integer","null"]}`                 | 3 ¦ null                                   | "3" ¦ 1.5
            `{"const":{"a":[1,"x"]}}`                     | {"a":[1,"x"]}                              | {"a": [1, "x"]} ¦ {}
            `{"enum":["kg","kilo","k",null,3,"ké\\"y"]}`   | "kg" ¦ "kilo" ¦ "k" ¦ null ¦ 3 ¦ "ké\\"y"  | "ki" ¦ "kilos" ¦ "" ¦ 4
            `{"type":"string","enum":["a",1,"b"]}`        | "a" ¦ "b"                                  | 1
            `{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"required":["a","b"],"additionalProperties":false}` | {"a":1,"b":"x"} ¦ { "a" : 1 , "b" : "x" } | {"b":"x","a":1} ¦ {"a":1} ¦ {"a":1,"b":"x","c":2}
            `{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"}},"additionalProperties":false}` | {} ¦ {"a":1} ¦ {"b":2} ¦ {"c":3} ¦ {"a":1,"c":3} ¦ {"a":1,"b":2,"c":3} ¦ {"b":2,"c":3} | {"c":3,"a":1} ¦ {,"a":1} ¦ {"a":1,} ¦ {"a":1,"a":1}
            `{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["b"]}` | {"b":2} ¦ {"b":2,"a":1} | {"a":1} ¦ {} ¦ {"a":1,"b":2}
            `{"type":"object"}`                           | {} ¦ {"x":[1,{"y":null}]}                  | [] ¦ {"x"}
            `{"type":"object","additionalProperties":{"type":"integer"}}` | {} ¦ {"x":1,"y":2}          | {"x":"1"}
            `{"type":"object","additionalProperties":false}` | {}                                      | {"x":1}
            `{"additionalProperties":true}`               | {} ¦ {"a":1}                               | 1
            `{"type":"object","required":["z"]}`          | {"z":1} ¦ {"z":[]}                         | {}
            `{"type":"array"}`                            | [] ¦ [1,"a",[null]]                        | [1,] ¦ {}
            `{"type":"array","items":{"type":"boolean"},"minItems":1,"maxItems":2}` | [true] ¦ [true,false] | [] ¦ [true,true,true] ¦ [1]
            `{"type":"array","items":{"type":"integer"},"minItems":2}` | [1,2] ¦ [1,2,3,4]              | [1]
            `{"type":"array","maxItems":0}`               | []                                         | [1]
            `{"type":"array","items":false}`              | []                                         | [1]
            `{"type":"array","prefixItems":[{"type":"boolean"},{"type":"null"}],"items":false}` | [true,null] | [true] ¦ [true,null,1]
            `{"type":"array","prefixItems":[{"type":"boolean"}],"items":{"type":"integer"},"maxItems":3}` | [true] ¦ [true,1,2] | [true,1,2,3] ¦ [1]
            `{"type":"array","prefixItems":[{"type":"boolean"}],"minItems":2}` | [true,0] ¦ [false,"x"] | [true]
            `{"type":"string","pattern":"^[A-Z]{2}-\\\\d{3}$"}` | "AB-123"                           | "AB-12" ¦ "ab-123"
            `{"type":"string","pattern":"^(?:ab)+$"}`     | "ab" ¦ "abab"                              | "" ¦ "aba"
            `{"type":"string","pattern":"^[^a]$"}`        | "b" ¦ "\\"" ¦ "\\\\" ¦ "\\n" ¦ "\\u0001"    | "a" ¦ ""\" ¦ "\\u0061"
            `{"type":"string","pattern":"^a\\"b$"}`       | "a\\"b"                                    | "a"b"
            `{"type":"string","pattern":"^$"}`            | ""                                         | "a"
            `{"type":"string","format":"date"}`           | "2024-01-31" ¦ "2023-04-30" ¦ "2023-02-28" | "2023-02-30" ¦ "2023-04-31" ¦ "2023-13-01" ¦ "2023-1-1"
            `{"type":"string","format":"time"}`           | "23:59:59Z" ¦ "08:00:00.123+02:00" ¦ "08:00:00-18:00" | "24:00:00Z" ¦ "08:00:00" ¦ "08:00:00-19:36" ¦ "08:00:00+18:01"
            `{"type":"string","format":"date-time"}`      | "2024-05-06T07:08:09Z"                     | "2024-05-06 07:08:09Z"
            `{"type":"string","format":"uuid"}`           | "123e4567-e89b-12d3-a456-426614174000"     | "123e4567e89b12d3a456426614174000"
            `{"anyOf":[{"type":"integer"},{"type":"string","maxLength":1}]}` | 1 ¦ "a"                  | "ab" ¦ null
            `{"oneOf":[{"type":"integer"},{"type":"string"}]}` | 1 ¦ "a"                               | null
            `{"oneOf":[{"type":"object","properties":{"k":{"const":"a"}},"required":["k"]},{"type":"object","properties":{"k":{"const":"b"},"v":{"type":"integer"}},"required":["k","v"]}]}` | {"k":"a"} ¦ {"k":"b","v":1} | {"k":"c"}
            `{"allOf":[{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"b":{"type":"null"}},"required":["b"]}]}` | {"a":1,"b":null} | {"a":1} ¦ {"b":null}
            `{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"null"}},"allOf":[{"required":["a"]},{"required":["b"]}],"additionalProperties":false}` | {"a":1,"b":null} | {"a":1} ¦ {"a":1,"b":null,"c":1}
            `{"allOf":[{"type":"integer","minimum":3}]}`  | 3                                          | 2
            `{"$defs":{"n":{"type":"integer","maximum":3}},"$ref":"#/$defs/n"}` | 3 ¦ -4              | 4
            `{"$defs":{"a/b":{"const":1},"c~d":{"const":2},"é":{"const":3}},"type":"array","prefixItems":[{"$ref":"#/$defs/a~1b"},{"$ref":"#/$defs/c~0d"},{"$ref":"#/$defs/%C3%A9"}],"items":false}` | [1,2,3] | [1,2,2]
            `{"type":"object","properties":{"v":{"type":"integer"},"next":{"$ref":"#"}},"required":["v"],"additionalProperties":false}` | {"v":1} ¦ {"v":1,"next":{"v":2,"next":{"v":3}}} | {"v":1,"next":{}}
            `{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["items"],"additionalProperties":false,"$defs":{"node":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/$defs/node"}}},"additionalProperties":false}}}` | {"items":[{},{"kids":[{"kids":[]}]}]} | {"items":[{"x":1}]}
            """)
    void acceptsExactlyTheSubset(String schema, String in, String out) {
        language(schema, texts(in.strip()), texts(out == null ? "" : out.strip()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"type":"string","pattern":"^(?=a)a$"}`       | #/pattern offset 1       | lookaround
            `{"type":"string","pattern":"^(a)\\\\1$"}`      | #/pattern offset 4       | backreference
            `{"type":"string","pattern":"^\\\\p{L}+$"}`     | #/pattern offset 1       | Unicode property
            `{"type":"string","pattern":"[a-z]+"}`         | #/pattern offset 0       | must start with '^'
            `{"type":"string","pattern":"^\\\\$"}`          | #/pattern offset 0       | must start with '^'
            `{"type":"string","pattern":"^a{1000000000}$"}` | #/pattern offset 3      | above 1000
            `{"type":"string","pattern":"^(a*)*$"}`        | rule root                | 
            `{"type":"string","pattern":"^a","maxLength":3}` | #/pattern              | together with
            `{"type":"string","minLength":1000000000}`     | #/minLength              | at most 1000
            `{"type":"string","minLength":5,"maxLength":2}` | #                       | above 'maxLength'
            `{"type":"string","minLength":-1}`             | #/minLength              | non-negative integer
            `{"type":"integer","minimum":5,"maximum":1}`   | #                        | no integer lies between
            `{"type":"integer","exclusiveMinimum":1,"exclusiveMaximum":2}` | #        | no integer lies between
            `{"type":"integer","minimum":1e300}`           | #/minimum                | at most 40 digits
            `{"type":"integer","exclusiveMaximum":1E+400}` | #/exclusiveMaximum    | within the range of a double
            `{"type":"string","maxLength":1E+400}`         | #/maxLength              | non-negative integer
            `{"const":[1E+400]}`                           | #                        | beyond the range of a double
            `{"type":"number","minimum":0}`                | #/minimum                | bounds on a 'number'
            `{"type":[]}`                                  | #/type                   | non-empty array
            `{"type":"wat"}`                               | #/type                   | must be one of
            `{"oneOf":[]}`                                 | #/oneOf                  | non-empty array
            `{"anyOf":{}}`                                 | #/anyOf                  | non-empty array
            `{"oneOf":[{"type":"integer"},{"type":"number"}]}` | #/oneOf/1            | may both match
            `{"oneOf":[{"type":"string"},{"maxLength":3}]}` | #/oneOf/1               | may both match
            `{"$ref":"#"}`                                 | rule root                | matches no string
            `{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}` | rule | matches no string
            `{"type":"object","properties":{"self":{"$ref":"#"}},"required":["self"]}` | rule root | matches no string
            `{"anyOf":[{"type":"string"}],"$ref":"#/anyOf/0"}` | #/anyOf               | '$ref' next to 'anyOf'
            `{"$ref":"#/nope"}`                            | #/$ref                   | points at nothing
            `{"$ref":"https://127.0.0.1/s.json"}`          | #/$ref                   | only local references
            `{"not":{"type":"null"}}`                      | #/not                    | not supported
            `{"type":"array","uniqueItems":true}`          | #/uniqueItems            | not supported
            `{"type":"object","patternProperties":{}}`     | #/patternProperties      | not supported
            `{"type":"integer","multipleOf":2}`            | #/multipleOf             | not supported
            `false`                                        | #                        | accepts no value
            `{"properties":{"a":false},"required":["a"]}`  | #/properties/a           | accepts no value
            `{"type":"object","required":["a"],"additionalProperties":false}` | #/required | not allowed
            `{"enum":[]}`                                  | #/enum                   | non-empty array
            `{"type":"string","enum":[1,2]}`               | #                        | no value of 'const' or 'enum'
            `{"enum":["a"],"maxLength":3}`                 | #/maxLength              | next to 'const' or 'enum'
            `{"minLength":1,"minimum":2}`                  | #                        | different types
            `{"type":"array","prefixItems":[true,true],"maxItems":1}` | #/maxItems    | below the number
            `{"type":"array","items":false,"minItems":1}`  | #/minItems               | more items than
            `{"allOf":[{"type":"string"},{"maxLength":2}]}` | #/allOf/0               | object schemas only
            `{"allOf":[{"properties":{"a":{"type":"string"}}},{"properties":{"a":{"type":"integer"}}}]}` | #/allOf/1/properties/a | defined differently
            `3`                                            | #                        | must be an object or a boolean
            `{"allOf":[{"properties":{"a":{}}}],"additionalProperties":false}` | #/additionalProperties | forbids the property 'a'
            `{"type":"string","format":"date","pattern":"^a$"}` | #/pattern          | together with 'format'
            """)
    void refusesWhatTheSubsetCannotExpress(String schema, String location, String reason) {
        GrammarException e = assertThrows(GrammarException.class,
                () -> GRAMMARS.fromJsonSchema(JSON.readTree(schema)));
        assertTrue(e.location().startsWith(location.strip()), e.getMessage());
        assertTrue(reason == null || e.getMessage().contains(reason.strip()), e.getMessage());
    }

    /** JSON Schema 2020-12 has {@code format} as an annotation unless a validator is told to assert it. */
    @Test
    void formatsWithoutAGrammarAreAnnotations() {
        Grammar grammar = grammar("{\"type\":\"string\",\"format\":\"email\",\"maxLength\":3}");
        assertTrue(GrammarMatcher.matches(grammar, "\"abc\""));
        assertFalse(GrammarMatcher.matches(grammar, "\"abcd\""));
    }

    @Test
    void boundsTheSchemaBeforeCompilingIt() throws Exception {
        GrammarLimits small = new GrammarLimits(50, 4, 3, 2, 10, 100_000, 100_000);
        Grammars grammars = new Grammars(small);
        String many = "{\"enum\":[" + "1,".repeat(60) + "1]}";
        assertMessage(grammars, many, "more than 50 JSON values");
        assertMessage(grammars, "{\"enum\":[1,2,3,4]}", "at most 3 are accepted");
        assertMessage(grammars, "{\"properties\":{\"a\":{},\"b\":{},\"c\":{}}}", "at most 2 are accepted");
        assertMessage(grammars, "{\"type\":\"array\",\"maxItems\":11}", "at most 10 is accepted");
        String deep = "{\"type\":\"array\",\"items\":".repeat(5) + "{}" + "}".repeat(5);
        assertMessage(grammars, deep, "nested deeper than 4");
        String deepJson = "{\"const\":" + "[".repeat(17) + "]".repeat(17) + "}";
        assertMessage(grammars, deepJson, "deeper than 16 levels");
    }

    @Test
    void boundsTheGrammarItWrites() throws Exception {
        Grammars grammars = new Grammars(new GrammarLimits(20_000, 32, 1_000, 256, 1_000, 262_144, 5_000));
        String schema = "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"maxLength\":1000},\"maxItems\":1000}";
        assertMessage(grammars, schema, "elements once its repetitions are expanded");
    }

    @Test
    void aLongEnumSharesItsPrefixesAndStaysShallow() throws Exception {
        StringBuilder schema = new StringBuilder("{\"enum\":[");
        for (int i = 0; i < 1000; i++) {
            schema.append(i == 0 ? "" : ",").append("\"").append("a".repeat(i % 200)).append(i).append("\"");
        }
        String text = GRAMMARS.fromJsonSchema(JSON.readTree(schema.append("]}").toString()));
        Grammar grammar = GbnfParser.parse(text);
        assertTrue(GrammarMatcher.matches(grammar, "\"" + "a".repeat(123) + "723\""));
        assertFalse(GrammarMatcher.matches(grammar, "\"" + "a".repeat(123) + "724\""));
        assertTrue(text.length() < 200_000, "grammar has " + text.length() + " characters");
    }

    @Test
    void integerRangesAreExactAcrossLengths() {
        for (int[] bounds : new int[][] {{-105, 37}, {0, 0}, {1, 1}, {9, 10}, {99, 1001}, {-1, -1}, {-1000, -999},
                {123, 4567}}) {
            Grammar grammar = grammar("{\"type\":\"integer\",\"minimum\":" + bounds[0] + ",\"maximum\":"
                    + bounds[1] + "}");
            for (int n = bounds[0] - 150; n <= bounds[1] + 150; n++) {
                assertEquals(n >= bounds[0] && n <= bounds[1], GrammarMatcher.matches(grammar, Integer.toString(n)),
                        n + " in [" + bounds[0] + ", " + bounds[1] + "]");
            }
        }
    }

    private static void assertMessage(Grammars grammars, String schema, String fragment) throws Exception {
        JsonNode node = JSON.readTree(schema);
        GrammarException e = assertThrows(GrammarException.class, () -> grammars.fromJsonSchema(node));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
