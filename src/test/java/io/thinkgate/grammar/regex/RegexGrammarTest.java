package io.thinkgate.grammar.regex;

import io.thinkgate.grammar.Grammar;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;
import io.thinkgate.grammar.GrammarMatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The translated grammar matches exactly the strings the regular expression matches, compared with
 * {@link java.util.regex} (which agrees with ECMA-262 on this subset) over every string up to three characters long
 * from an alphabet of interesting characters.
 */
class RegexGrammarTest {

    private static final String ALPHABET = "aAbcz09_-. \n\"\\{}[é";
    private static final int MAX_LENGTH = 3;
    private static final List<String> STRINGS = strings();

    @ParameterizedTest
    @ValueSource(strings = {"^$", "^a$", "^abc$", "^a|b$", "^(a|bz)*$", "^(?:ab)+$", "^a{2}$", "^a{1,3}$", "^a{2,}$",
            "^a?b*$", "^[a-z]+$", "^[^a-z]$", "^[a\\-z]$", "^[-a]$", "^[a-]$", "^\\d\\D$", "^\\w+$", "^\\W$",
            "^\\s\\S$", "^.$", "^.{0,2}z$", "^[\\d_]{2}$", "^[^\\s]$", "^\\.\\\\$", "^\"$", "^\\u0041\\x62$",
            "^\\{a\\}$", "^(?<name>a)b$", "^((a)|(b))\\-$", "^[\\]\\[]$", "^a+?$",
            "^(a|)b$", "^é+$", "^[^\"\\\\]{0,3}$", "^\\t\\n$", "^[\\n]$", "^(|a)$"})
    void matchesWhatTheRegexMatches(String pattern) {
        Grammar grammar = new Grammar(Map.of(Grammar.ROOT, RegexGrammar.translate(pattern, GrammarLimits.DEFAULT)));
        Pattern regex = Pattern.compile(pattern);
        int matched = 0;
        for (String text : STRINGS) {
            boolean expected = regex.matcher(text).matches();
            assertEquals(expected, GrammarMatcher.matches(grammar, text), pattern + " on '" + text + "'");
            matched += expected ? 1 : 0;
        }
        assertTrue(matched > 0 || pattern.equals("^\\t\\n$"), pattern + " matched nothing in the sample");
    }

    /** ECMA-262 (Annex B) reads a brace that starts no quantifier as itself; java.util.regex refuses it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ^a{$     | a{   | a
            ^a{,2}$  | a{,2} | aa
            ^{}$     | {}   | {
            """)
    void readsALoneBraceAsItself(String pattern, String matching, String other) {
        Grammar grammar = new Grammar(Map.of(Grammar.ROOT, RegexGrammar.translate(pattern, GrammarLimits.DEFAULT)));
        assertTrue(GrammarMatcher.matches(grammar, matching.strip()));
        assertFalse(GrammarMatcher.matches(grammar, other.strip()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `a$`          | offset 0 | must start with '^'
            `^a`          | offset 0 | must start with '^'
            `^a\\$`       | offset 0 | must start with '^'
            `^(?=a)a$`    | offset 1 | lookaround
            `^(?!a).$`    | offset 1 | lookaround
            `^(?<=a)b$`   | offset 1 | lookaround
            `^(?i)a$`     | offset 1 | inline flags
            `^(a)\\1$`    | offset 4 | backreference
            `^\\k<n>$`    | offset 1 | backreference
            `^\\bx$`      | offset 1 | word boundaries
            `^\\p{L}$`    | offset 1 | Unicode property
            `^\\P{L}$`    | offset 1 | Unicode property
            `^\\u{41}$`   | offset 1 | 'u' flag
            `^\\cA$`      | offset 1 | control escapes
            `^\\012$`     | offset 1 | octal
            `^\\q$`       | offset 1 | unknown escape
            `^a{2,1}$`    | offset 2 | out of order
            `^a{1001}$`   | offset 3 | above 1000
            `^a{99999999999}$` | offset 3 | above 1000
            `^(a$`        | offset 1 | not closed
            `^a)$`        | offset 2 | has no '('
            `^[a$`        | offset 1 | not closed
            `^[z-a]$`     | offset 3 | out of order
            `^*a$`        | offset 1 | nothing to repeat
            `^a**$`       | offset 3 | nothing to repeat
            `^a^b$`       | offset 2 | anchors
            `^\\x4$`      | offset 1 | hex digits
            """)
    void refusesWhatAGrammarCannotExpress(String pattern, String location, String reason) {
        GrammarException e = assertThrows(GrammarException.class,
                () -> RegexGrammar.translate(pattern, GrammarLimits.DEFAULT));
        assertEquals(location.strip(), e.location(), e.getMessage());
        assertTrue(reason == null || e.getMessage().contains(reason.strip()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 40})
    void limitsGroupNesting(int depth) {
        String pattern = "^" + "(".repeat(depth) + "a" + ")".repeat(depth) + "$";
        GrammarException e = assertThrows(GrammarException.class,
                () -> RegexGrammar.translate(pattern, GrammarLimits.DEFAULT));
        assertTrue(e.getMessage().contains("nested deeper than 32"), e.getMessage());
    }

    private static List<String> strings() {
        List<String> all = new ArrayList<>(List.of(""));
        List<String> previous = List.of("");
        for (int length = 1; length <= MAX_LENGTH; length++) {
            List<String> next = new ArrayList<>();
            for (String prefix : previous) {
                for (char c : ALPHABET.toCharArray()) {
                    next.add(prefix + c);
                }
            }
            all.addAll(next);
            previous = next;
        }
        return all;
    }
}
