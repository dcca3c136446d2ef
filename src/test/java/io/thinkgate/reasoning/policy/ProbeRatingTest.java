package io.thinkgate.reasoning.policy;

import io.thinkgate.engine.TokenLogprob;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeRatingTest {

    private final ProbeRating five = new ProbeRating(5);

    private static TokenLogprob alt(String token, double p) {
        return new TokenLogprob(token, Math.log(p), List.of(), List.of());
    }

    private double score(String text, TokenLogprob... top) {
        return five.read(text, List.of(top)).orElseThrow().score();
    }

    @Test
    void aSampledRatingMapsLinearlyOntoZeroToOne() {
        assertEquals(0.0, score("1"));
        assertEquals(0.25, score("2"));
        assertEquals(0.5, score(" 3"));
        assertEquals(0.75, score("4\n"));
        assertEquals(1.0, score("5"));
        assertEquals("the probe rated it 4 of 5", five.read("4", List.of()).orElseThrow().reason());
        assertEquals(1.0, new ProbeRating(2).read("2", List.of()).orElseThrow().score());
        assertEquals(0.5, new ProbeRating(9).read("5", List.of()).orElseThrow().score());
    }

    @Test
    void everyOutputThatIsNotOneRatingIsUnreadable() {
        for (String bad : new String[] {"", " ", "0", "6", "9", "12", "33", "-1", "a", "five", "3.", "1 2", "½", "٣",
                "\u0000", "<STOP>", "The answer is 42."}) {
            assertEquals(Optional.empty(), five.read(bad, List.of()), "'" + bad + "'");
        }
        assertEquals(Optional.empty(), five.read("", List.of(alt("The", 0.9), alt("Hmm", 0.1))),
                "alternatives that are no rating don't help");
    }

    @Test
    void withAlternativesTheScoreIsTheExpectedRatingOverTheRatingTokens() {
        assertEquals(0.5, score("1", alt("1", 0.5), alt("5", 0.5)), 1e-9, "not the sample");
        assertEquals((0.7 * 2 + 0.3 * 4 - 1) / 4, score("2", alt("2", 0.7), alt("4", 0.3)), 1e-9);
        assertEquals(((0.6 * 1 + 0.2 * 3) / 0.8 - 1) / 4, score("1", alt("1", 0.6), alt("The", 0.2),
                alt("3", 0.2)), 1e-9, "renormalised over the ratings");
        assertEquals(1.0, score("5", alt("5", 0.4), alt("7", 0.6)), 1e-9, "off-scale digits are not ratings");
        assertEquals(0.0, score("1", alt("1", 1.0), new TokenLogprob("5", Double.NEGATIVE_INFINITY, List.of(),
                List.of())), 1e-9);
        assertTrue(five.read("2", List.of(alt("2", 0.7), alt("4", 0.3))).orElseThrow().reason()
                .startsWith("the probe's expected rating is 2.60 of 5"));
        assertEquals(0.25, score("", alt("2", 1.0)), 1e-9, "the alternatives alone are enough");
    }

    @Test
    void theGrammarAllowsExactlyTheRatings() {
        assertEquals("root ::= [1-5]", five.grammar());
        assertEquals("root ::= [1-3]", new ProbeRating(3).grammar());
        assertThrows(IllegalArgumentException.class, () -> new ProbeRating(1));
        assertThrows(IllegalArgumentException.class, () -> new ProbeRating(10));
    }
}
