package io.thinkgate.generation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StopSequencesTest {

    record Result(String shown, boolean stopped) {
    }

    /** Streams the pieces, then flushes unless stopped (as a caller does when the model ends). */
    static Result run(List<String> stops, List<String> pieces) {
        StopSequences sequences = new StopSequences(stops);
        StringBuilder shown = new StringBuilder();
        for (String piece : pieces) {
            shown.append(sequences.accept(piece));
        }
        boolean stopped = sequences.stopped();
        shown.append(sequences.flush());
        return new Result(shown.toString(), stopped);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of("STOP"), "Hello STOP world", "Hello ", true),
                Arguments.of(List.of("STOP"), "Hello world", "Hello world", false),
                Arguments.of(List.of("STOP"), "STOP", "", true),
                Arguments.of(List.of("STOP"), "abcSTOP", "abc", true),
                Arguments.of(List.of("STOP"), "abc STO", "abc STO", false),
                Arguments.of(List.of("STOP"), "ST STO STOx STOP y", "ST STO STOx ", true),
                Arguments.of(List.of("\n\n"), "line one\nline two\n\nthree", "line one\nline two", true),
                Arguments.of(List.of("aab"), "aaab", "a", true),
                Arguments.of(List.of("abab"), "abaabab", "aba", true),
                Arguments.of(List.of("END", "\n\n"), "one\ntwo END three\n\n", "one\ntwo ", true),
                Arguments.of(List.of("END", "\n\n"), "one\n\ntwo END", "one", true),
                Arguments.of(List.of("END", "XY"), "abc XEN EN X", "abc XEN EN X", false),
                Arguments.of(List.of("</s>", "<|im_end|>"), "answer <|im_e <|im_end|> tail", "answer <|im_e ", true),
                Arguments.of(List.of(), "anything STOP", "anything STOP", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void singlePiece(List<String> stops, String text, String shown, boolean stopped) {
        assertEquals(new Result(shown, stopped), run(stops, List.of(text)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyTwoPieceSplit(List<String> stops, String text, String shown, boolean stopped) {
        for (int i = 0; i <= text.length(); i++) {
            assertEquals(new Result(shown, stopped), run(stops, List.of(text.substring(0, i), text.substring(i))),
                    "split at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyThreePieceSplit(List<String> stops, String text, String shown, boolean stopped) {
        for (int i = 0; i <= text.length(); i++) {
            for (int j = i; j <= text.length(); j++) {
                assertEquals(new Result(shown, stopped),
                        run(stops, List.of(text.substring(0, i), text.substring(i, j), text.substring(j))),
                        "split at " + i + ", " + j);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void oneCharPerPiece(List<String> stops, String text, String shown, boolean stopped) {
        List<String> pieces = new ArrayList<>();
        for (char c : text.toCharArray()) {
            pieces.add(String.valueOf(c));
        }
        assertEquals(new Result(shown, stopped), run(stops, pieces));
    }

    @Test
    void earliestStopWinsWithinOnePiece() {
        StopSequences sequences = new StopSequences(List.of("zzz", "b"));
        assertEquals("a", sequences.accept("abzzz"));
        assertTrue(sequences.stopped());

        StopSequences reversed = new StopSequences(List.of("b", "zzz"));
        assertEquals("a", reversed.accept("azzzb"));
        assertTrue(reversed.stopped());
    }

    @Test
    void partialMatchIsHeldThenReleased() {
        StopSequences sequences = new StopSequences(List.of("STOP"));
        assertEquals("Hello ", sequences.accept("Hello ST"));
        assertFalse(sequences.stopped());
        assertEquals("", sequences.accept("O"));
        assertEquals("STOry", sequences.accept("ry"));
        assertFalse(sequences.stopped());
        assertEquals("", sequences.flush());
    }

    @Test
    void partialMatchIsHeldThenSuppressed() {
        StopSequences sequences = new StopSequences(List.of("STOP"));
        assertEquals("Hello ", sequences.accept("Hello ST"));
        assertEquals("", sequences.accept("OP and more"));
        assertTrue(sequences.stopped());
    }

    @Test
    void heldTextIsReleasedByFlush() {
        StopSequences sequences = new StopSequences(List.of("STOP"));
        assertEquals("Hello ", sequences.accept("Hello STO"));
        assertEquals("STO", sequences.flush());
        assertEquals("", sequences.flush(), "flush empties the buffer");
        assertFalse(sequences.stopped());
    }

    @Test
    void longestPartialOfAnyStopIsHeld() {
        StopSequences sequences = new StopSequences(List.of("xy", "abcd"));
        assertEquals("q", sequences.accept("qabc"));
        assertEquals("abc", sequences.flush());
    }

    @Test
    void nothingIsShownAfterStop() {
        StopSequences sequences = new StopSequences(List.of("STOP"));
        assertEquals("a", sequences.accept("aSTOPb"));
        assertTrue(sequences.stopped());
        assertEquals("", sequences.accept("more"));
        assertEquals("", sequences.accept("STOP"));
        assertEquals("", sequences.flush());
        assertTrue(sequences.stopped());
    }

    @Test
    void noStopsPassesTextThrough() {
        StopSequences sequences = new StopSequences(List.of());
        assertEquals("S", sequences.accept("S"));
        assertEquals("TOP", sequences.accept("TOP"));
        assertEquals("", sequences.flush());
        assertFalse(sequences.stopped());
    }

    @Test
    void emptyPiecesAreHarmless() {
        StopSequences sequences = new StopSequences(List.of("STOP"));
        assertEquals("", sequences.accept(""));
        assertEquals("", sequences.accept("ST"));
        assertEquals("", sequences.accept(""));
        assertEquals("", sequences.accept("OP"));
        assertTrue(sequences.stopped());
    }

    @Test
    void stopListIsCopied() {
        List<String> stops = new ArrayList<>(List.of("STOP"));
        StopSequences sequences = new StopSequences(stops);
        stops.add("x");
        assertEquals("x", sequences.accept("x"));
        assertFalse(sequences.stopped());
    }
}
