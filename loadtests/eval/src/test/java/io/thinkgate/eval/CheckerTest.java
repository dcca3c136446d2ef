package io.thinkgate.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckerTest {

    @Test
    void numericTakesTheBoxedAnswerElseTheLastNumber() {
        assertTrue(Checker.NUMERIC.check("The answer is 42.", "42"));
        assertTrue(Checker.NUMERIC.check("3 + 4 = 7, so 7 * 6 = 42", "42"));
        assertTrue(Checker.NUMERIC.check("It costs $1,234.50 in total.", "1234.5"));
        assertTrue(Checker.NUMERIC.check("We get \\boxed{18} (not 19)", "18"), "boxed beats the last number");
        assertTrue(Checker.NUMERIC.check("x = -3", "-3"));
        assertTrue(Checker.NUMERIC.check("0.3333333334", "0.333333333"), "within 1e-6");
        assertFalse(Checker.NUMERIC.check("The answer is 42.", "41"));
        assertFalse(Checker.NUMERIC.check("no number here", "1"));
        assertFalse(Checker.NUMERIC.check("", "0"));
        assertFalse(Checker.NUMERIC.check("42", "forty-two"), "an answer that is no number is never matched");
    }

    @Test
    void boxedComparesNumbersAsNumbersAndTheRestAsText() {
        assertTrue(Checker.BOXED.check("so \\boxed{\\frac{1}{2}}", "\\frac{1}{2}"), "nested braces");
        assertTrue(Checker.BOXED.check("\\boxed{3} then \\boxed{ 4.0 }", "4"), "the last box");
        assertTrue(Checker.BOXED.check("\\boxed{x + 1}", "x+1"));
        assertFalse(Checker.BOXED.check("the answer is 4", "4"), "no box, no answer");
        assertFalse(Checker.BOXED.check("\\boxed{4", "4"), "an unclosed box");
        assertEquals("a{b}c", Checker.boxed("\\boxed{a{b}c}").orElseThrow());
    }

    @Test
    void choiceTakesTheLastStandaloneLetter() {
        assertTrue(Checker.CHOICE.check("Between A and C, I pick C.", "C"));
        assertTrue(Checker.CHOICE.check("Answer: (B)", "b"));
        assertFalse(Checker.CHOICE.check("Answer: B. A is wrong", "B"), "the last one counts");
        assertFalse(Checker.CHOICE.check("Because", "B"), "letters inside words don't count");
    }

    @Test
    void exactAndRegex() {
        assertTrue(Checker.EXACT.check("Let me think.\nParis", "paris"));
        assertTrue(Checker.EXACT.check("It is \\boxed{Paris}.", "Paris"));
        assertFalse(Checker.EXACT.check("Paris, France", "Paris"));
        assertTrue(Checker.REGEX.check("the year 1969", "19[0-9]{2}"));
        assertFalse(Checker.REGEX.check("the year 2001", "19[0-9]{2}"));
        assertEquals(Checker.JUDGE, Checker.parse("judge"));
        assertThrows(IllegalArgumentException.class, () -> Checker.parse("fuzzy"));
        assertThrows(IllegalStateException.class, () -> Checker.JUDGE.check("x", "y"));
    }
}
