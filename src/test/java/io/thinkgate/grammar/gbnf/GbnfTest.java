package io.thinkgate.grammar.gbnf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinkgate.grammar.Expr;
import io.thinkgate.grammar.Grammar;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;
import io.thinkgate.grammar.GrammarMatcher;
import io.thinkgate.grammar.Grammars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GBNF reader, writer and safety check: what they accept, what they refuse, and that they agree. */
class GbnfTest {

    private static final Grammars GRAMMARS = new Grammars(GrammarLimits.DEFAULT);

    @Test
    void readsLlamaCppSyntax() {
        Grammar grammar = GbnfParser.parse("""
                # a comment
                root   ::= greeting ("," ws name){0,2} end
                greeting ::= "hi" | "h\\x65llo" | [Hh] "ey"
                name ::= [a-z\\u00E9-]+ # trailing comment
                ws ::= [ \\t\\n]*
                end ::= "!"? 
                """);
        assertEquals(List.of("root", "greeting", "name", "ws", "end"), List.copyOf(grammar.rules().keySet()));
        assertEquals(new Expr.Repeat(new Expr.CharClass(false, List.of(new Expr.CharRange(' ', ' '),
                new Expr.CharRange('\t', '\t'), new Expr.CharRange('\n', '\n'))), 0, Expr.Repeat.UNBOUNDED),
                grammar.rules().get("ws"));
        for (String text : List.of("hi", "hello!", "Hey, é-a,\n\tb", "hey,x!")) {
            assertTrue(GrammarMatcher.matches(grammar, text), text);
        }
        for (String text : List.of("", "hi,a,b,c", "hey,A", "hi!!")) {
            assertFalse(GrammarMatcher.matches(grammar, text), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "root ::= \"a\" | \"\" | [^\"\\\\\\x00-\\x1F] x{2,} x{3} x{0,5} x? x* x+\nx ::= \"-^]\\\\\" [\\]\\[^-]",
            "root ::= (\"a\" (\"b\" | [c-e]) .)+ \"\\u00e9\\U0001F600\"",
    })
    void writesWhatItReads(String text) {
        Grammar grammar = GbnfParser.parse(text);
        String written = GbnfWriter.write(grammar);
        assertEquals(grammar, GbnfParser.parse(written), written);
        assertEquals(written, GRAMMARS.fromGbnf(text));
    }

    @Test
    void schemaGrammarsSurviveTheRoundTrip() throws Exception {
        String text = GRAMMARS.fromJsonSchema(new ObjectMapper().readTree("""
                {"type":"object","properties":{"s":{"type":"string","pattern":"^[^\\"]\\\\]{1,3}$"},
                 "e":{"enum":["a\\u0000","\\\\"]},"d":{"type":"string","format":"date-time"}}}"""));
        assertEquals(text, GbnfWriter.write(GbnfParser.parse(text)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `x ::= "a"`                                 | grammar                 | no 'root' rule
            `root ::= x`                                | rule root               | undefined rule 'x'
            `root ::= root "a" | "b"`                   | rule root               | left-recursive
            `root ::= x "a"\\nx ::= y\\ny ::= root | "b"` | rule                 | left-recursive
            `root ::= "a" root`                         | rule root               | matches no string
            `root ::= "a" | x\\nx ::= "b" x`            | rule root               | matches no string
            `root ::= ("" | "a")*`                      | rule root               | repeats without limit
            `root ::= "a"{1001}`                        | rule root               | above 1000
            `root ::= "\\x00"`                          | rule root               | matches no string
            `root ::= [\\x00]`                          | rule root               | matches no string
            `root ::= "a"\\nroot ::= "b"`               | grammar line 2           | defined twice
            `root ::= "a`                               | grammar line 1 column   | not closed
            `root ::= [a-`                              | grammar line 1 column   | not closed
            `root ::= "a"{2,1}`                         | rule root               | is empty
            `root ::= "\\q"`                            | grammar line 1 column   | unknown escape
            `root ::= "\\U00110000"`                    | grammar line 1 column   | not a Unicode code point
            `root ::= (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("a"))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))` | grammar line 1 column | nested deeper than 64
            `root ::= (("a" [b]){1000}){1000}`       | grammar                 | elements once its repetitions are expanded
            """)
    void refusesUnsafeGrammars(String text, String location, String reason) {
        GrammarException e = assertThrows(GrammarException.class, () -> GRAMMARS.fromGbnf(text.replace("\\n", "\n")));
        assertTrue(e.location().startsWith(location.strip()), e.getMessage());
        assertTrue(e.getMessage().contains(reason.strip()), e.getMessage());
    }

    @Test
    void refusesAnOversizeTextBeforeReadingIt() {
        Grammars small = new Grammars(new GrammarLimits(100, 8, 10, 10, 10, 50, 1000));
        GrammarException e = assertThrows(GrammarException.class, () -> small.fromGbnf("root ::= " + "\"a\" ".repeat(20)));
        assertTrue(e.getMessage().contains("at most 50"), e.getMessage());
    }

    @Test
    void theWriterRefusesNamesGbnfCannotHold() {
        Grammar grammar = new Grammar(Map.of("root x", new Expr.Literal("a")));
        assertThrows(IllegalArgumentException.class, () -> GbnfWriter.write(grammar));
    }
}
