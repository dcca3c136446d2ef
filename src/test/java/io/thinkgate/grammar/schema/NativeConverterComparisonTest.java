package io.thinkgate.grammar.schema;

import de.kherud.llama.LlamaModel;
import io.thinkgate.grammar.Grammar;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarMatcher;
import io.thinkgate.grammar.ShortestString;
import io.thinkgate.grammar.gbnf.GbnfParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against llama.cpp's own converter (the binding's, which the server no longer calls), on schemas it handles: both
 * grammars accept the same texts. Each grammar's shortest text is accepted by the other, and so is every probe.
 * Where they differ on purpose, the probe is listed with what each says.
 */
class NativeConverterComparisonTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"]}` | {"name":"a","age":3} ¦ {"name": "a", "age": 3} ¦ {"age":3,"name":"a"} ¦ {"name":"a"} ¦ {"name":"a","age":3.5}
            `{"type":"object","properties":{"a":{"type":"boolean"},"b":{"type":"null"},"c":{"type":"number"}}}` | {} ¦ {"a":true} ¦ {"b":null,"c":1.5e3} ¦ {"a":false,"b":null,"c":-0.25} ¦ {"c":1,"a":true} ¦ {"d":1}
            `{"type":"array","items":{"type":"integer","minimum":-5,"maximum":250},"minItems":1,"maxItems":3}` | [] ¦ [0] ¦ [-5,250] ¦ [-6] ¦ [251] ¦ [1,2,3] ¦ [1,2,3,4] ¦ [99,100,199,200,249]
            `{"type":"integer","minimum":12}` | 11 ¦ 12 ¦ 13 ¦ 99 ¦ 100 ¦ 12345 ¦ -12 ¦ 0
            `{"type":"integer","maximum":-7}` | -7 ¦ -8 ¦ -100 ¦ -6 ¦ 0 ¦ 7
            `{"enum":["red","green",null,7,{"a":1}]}` | "red" ¦ "green" ¦ null ¦ 7 ¦ {"a":1} ¦ "blue" ¦ 8 ¦ "re"
            `{"const":"x-y"}` | "x-y" ¦ "x" ¦ "x-yy"
            `{"anyOf":[{"type":"string","maxLength":2},{"type":"array","items":{"type":"boolean"}}]}` | "" ¦ "ab" ¦ "abc" ¦ [] ¦ [true,false] ¦ [1]
            `{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}]}` | ["a",1] ¦ ["a"] ¦ ["a",1,2] ¦ [1,"a"]
            `{"type":"string","pattern":"^[a-c]{2,3}-(x|yz)?$"}` | "ab-" ¦ "abc-x" ¦ "ab-yz" ¦ "a-x" ¦ "abcd-" ¦ "ab-y"
            `{"type":"string","format":"uuid"}` | "123e4567-e89b-12d3-a456-426614174000" ¦ "123e4567-e89b-12d3-a456-42661417400"
            `{"type":"string","format":"time"}` | "12:34:56Z" ¦ "12:34:56.789+01:00" ¦ "24:00:00Z"
            `{"$defs":{"p":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}},"type":"array","items":{"$ref":"#/$defs/p"}}` | [] ¦ [{"x":1}] ¦ [{"x":1},{"x":-2}] ¦ [{"y":1}]
            `{"type":"object","additionalProperties":{"type":"integer"}}` | {} ¦ {"a":1} ¦ {"a":1,"b":2} ¦ {"a":"1"}
            `{"type":"string","minLength":1,"maxLength":3}` | "" ¦ "a" ¦ "abc" ¦ "abcd" ¦ "\\n"
            """)
    void acceptsWhatLlamaCppsConverterAccepts(String schema, String probes) {
        Grammar ours = JsonSchemaGrammarTest.grammar(schema);
        Grammar theirs = GbnfParser.parse(LlamaModel.jsonSchemaToGrammar(schema));
        for (String probe : probes.strip().split(" ¦ ")) {
            assertEquals(GrammarMatcher.matches(theirs, probe), GrammarMatcher.matches(ours, probe),
                    schema + " on " + probe);
        }
        String ourShortest = ShortestString.of(ours).orElseThrow();
        String theirShortest = ShortestString.of(theirs).orElseThrow();
        assertTrue(GrammarMatcher.matches(theirs, ourShortest), ourShortest);
        assertTrue(GrammarMatcher.matches(ours, theirShortest), theirShortest);
    }

    /**
     * llama.cpp writes a constant with a quote in it as {@code "\"x\\"y\""}, a literal that ends after the
     * backslash: its own parser then fails and the reply is unconstrained. Ours is exact.
     */
    @org.junit.jupiter.api.Test
    void aQuoteInAConstantBreaksOnlyTheNativeGrammar() {
        String schema = "{\"const\":\"x\\\"y\"}";
        assertThrows(GrammarException.class, () -> GbnfParser.parse(LlamaModel.jsonSchemaToGrammar(schema)));
        Grammar ours = JsonSchemaGrammarTest.grammar(schema);
        assertTrue(GrammarMatcher.matches(ours, "\"x\\\"y\""));
        assertFalse(GrammarMatcher.matches(ours, "\"x\\\\y\""));
    }

    /** llama.cpp accepts dates no calendar has; ours accepts only real ones (and no February 29). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "2024-01-31" | true  | true
            "2023-02-30" | true  | false
            "2023-04-31" | true  | false
            "2024-02-29" | true  | false
            "2023-13-01" | false | false
            """)
    void datesDifferOnPurpose(String probe, boolean llamaCpp, boolean thinkGate) {
        String schema = "{\"type\":\"string\",\"format\":\"date\"}";
        assertEquals(llamaCpp, GrammarMatcher.matches(GbnfParser.parse(LlamaModel.jsonSchemaToGrammar(schema)),
                probe));
        assertEquals(thinkGate, GrammarMatcher.matches(JsonSchemaGrammarTest.grammar(schema), probe));
    }
}
