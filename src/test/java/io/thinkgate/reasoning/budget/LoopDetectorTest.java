package io.thinkgate.reasoning.budget;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopDetectorTest {

    /** Feeds tokens and returns the 1-based index of the first token that reports a loop, or -1. */
    private static int firstLoopAt(LoopDetector detector, String[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            if (detector.add(tokens[i])) {
                return i + 1;
            }
        }
        return -1;
    }

    private static String[] cycle(int period, int count) {
        return cycle("t", period, count);
    }

    private static String[] cycle(String prefix, int period, int count) {
        String[] tokens = new String[count];
        for (int i = 0; i < count; i++) {
            tokens[i] = prefix + (i % period);
        }
        return tokens;
    }

    private static String[] distinct(String prefix, int count) {
        String[] tokens = new String[count];
        for (int i = 0; i < count; i++) {
            tokens[i] = prefix + i;
        }
        return tokens;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void period7WithMin8FiresWhenThe14GramRepeats3Times() {
        // The smallest run >= 8 that a 7-cycle repeats is 14 tokens long; three of them end at token 42.
        assertEquals(42, firstLoopAt(new LoopDetector(8, 64, 3), cycle(7, 200)));
    }

    @Test
    void period7WithMin7FiresAtThreeCycles() {
        assertEquals(21, firstLoopAt(new LoopDetector(7, 64, 3), cycle(7, 200)));
    }

    @Test
    void period7WithMaxBelow14NeverFiresWhenMinIs8() {
        assertEquals(-1, firstLoopAt(new LoopDetector(8, 13, 3), cycle(7, 500)));
    }

    @ParameterizedTest(name = "period {0}, min {1}, max {2}, repeats {3} fires at {4}")
    @CsvSource({
            "1, 1, 1, 2, 2",
            "1, 1, 10, 5, 5",
            "1, 3, 10, 2, 6",
            "2, 2, 10, 2, 4",
            "2, 3, 10, 2, 8",
            "3, 2, 10, 3, 9",
            "5, 8, 16, 2, 20",
            "7, 8, 14, 3, 42",
            "7, 8, 30, 4, 56",
            "10, 4, 10, 2, 20",
            "10, 11, 20, 2, 40",
            "10, 11, 19, 2, -1",
            "3, 8, 8, 3, -1"})
    void firesAtExactIndex(int period, int min, int max, int repeats, int expected) {
        assertEquals(expected, firstLoopAt(new LoopDetector(min, max, repeats), cycle(period, 400)));
    }

    @Test
    void twoRepeatsAreNotALoopWhenThreeAreNeeded() {
        LoopDetector detector = new LoopDetector(8, 64, 3);
        String[] run = distinct("r", 10);
        for (int pass = 0; pass < 2; pass++) {
            for (String token : run) {
                assertFalse(detector.add(token));
            }
        }
        assertFalse(detector.add("different"));
    }

    @Test
    void nonRepeatingTextNeverFires() {
        // longer than the internal buffer, to go through its compaction several times
        assertEquals(-1, firstLoopAt(new LoopDetector(1, 16, 2), distinct("w", 5000)));
    }

    @Test
    void repeatedShortRunBelowMinLengthIsNotALoop() {
        // a 2-cycle repeats at every even length, so with min 8 the 8-gram x3 fires at 24, not at 2*3 = 6
        assertEquals(24, firstLoopAt(new LoopDetector(8, 64, 3), cycle(2, 100)));
        // a 3-cycle with lengths limited to exactly 8 (not a multiple of 3) never fires
        assertEquals(-1, firstLoopAt(new LoopDetector(8, 8, 3), cycle("x", 3, 100)));
    }

    @Test
    void loopAfterLongPreambleIsFoundAcrossBufferCompaction() {
        // buffer is max*repeats*2 = 16*3*2 = 96; a 1000-token preamble forces many compactions
        String[] tokens = concat(distinct("p", 1000), cycle("c", 7, 100));
        assertEquals(1000 + 42, firstLoopAt(new LoopDetector(8, 16, 3), tokens));
    }

    @Test
    void loopBrokenThenResumedCountsAgainFromTheBreak() {
        LoopDetector detector = new LoopDetector(7, 7, 3);
        String[] cycleTokens = cycle(7, 20); // 20 tokens: 2 cycles + 6, no 3 repeats yet
        for (String token : cycleTokens) {
            assertFalse(detector.add(token));
        }
        assertFalse(detector.add("break"));
        String[] resumed = cycle(7, 21);
        assertEquals(21, firstLoopAt(detector, resumed));
    }

    @Test
    void keepsReportingWhileLoopContinues() {
        LoopDetector detector = new LoopDetector(1, 4, 2);
        assertFalse(detector.add("a"));
        assertTrue(detector.add("a"));
        assertTrue(detector.add("a"));
        assertFalse(detector.add("b"));
    }

    /** The javadoc says tokens are compared by their text; "Aa" and "BB" share a String hash code. */
    @Test
    void comparesTokensByTextNotByHashCode() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        LoopDetector detector = new LoopDetector(1, 4, 2);
        assertFalse(detector.add("Aa"));
        assertFalse(detector.add("BB"), "'Aa' then 'BB' is not a repeat");
    }

    @Test
    void constructorValidation() {
        assertThrows(IllegalArgumentException.class, () -> new LoopDetector(0, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new LoopDetector(-1, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new LoopDetector(5, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new LoopDetector(1, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new LoopDetector(1, 4, 0));
        new LoopDetector(1, 1, 2);
        new LoopDetector(4, 4, 2);
    }
}
