package io.thinkgate.reasoning.span;

import io.thinkgate.reasoning.profile.ReasoningProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpanParserTest {

    private static final ReasoningProfile THINK = ReasoningProfile.think(false);
    private static final ReasoningProfile PROMPT_OPENS = ReasoningProfile.think(true);
    private static final ReasoningProfile NONE = ReasoningProfile.none();
    private static final ReasoningProfile THINKLESS = ReasoningProfile.think(false).withShortMarker("<short>");

    @Test
    void aThinklessModelsNoThinkingTokenIsTakenOutAndWhatFollowsIsTheAnswer() {
        for (List<String> pieces : List.of(List.of("<short>", "The answer"), List.of("<sh", "ort>", " The", " answer"),
                List.of("  <short>\n\nThe answer"), List.of("<", "s", "hort>The answer"))) {
            Result r = run(THINKLESS, pieces);
            assertEquals(new Result("", "The answer", 0, 0, false, false), r, pieces.toString());
        }
        Result thinking = run(THINKLESS, List.of("<think>", "hmm", "</think>", "Done"));
        assertEquals("hmm", thinking.reasoning(), "its other choice is the span");
        assertEquals("Done", thinking.content());
        assertEquals("Answer <short> here", run(THINKLESS, List.of("Answer <short> here")).content(),
                "only where the span would open");
        assertEquals("<shoe", run(THINKLESS, List.of("<sho", "e")).content(), "a prefix that is no marker after all");
        assertEquals("<short>The answer", run(THINK, List.of("<short>", "The answer")).content(),
                "a profile without the marker keeps it");
        assertEquals("", ReasoningProfile.none().withShortMarker("<short>").shortMarker());
        SpanParser parser = new SpanParser(THINKLESS);
        assertEquals(List.of(), parser.accept("<sho"));
        assertEquals(List.of(new SpanEvent.SpanSkipped(), new SpanEvent.Content("The")), parser.accept("rt>The"),
                "the skip is an event of its own, for the answer grammar to start");
    }

    /** What one run of the parser produced. */
    record Result(String reasoning, String content, int closes, int reasoningTokens, boolean spanClosed,
            boolean inSpan) {
    }

    static Result run(ReasoningProfile profile, List<String> pieces) {
        SpanParser parser = new SpanParser(profile);
        List<SpanEvent> events = new ArrayList<>();
        for (String piece : pieces) {
            events.addAll(parser.accept(piece));
        }
        events.addAll(parser.finish());
        return summarize(events, parser);
    }

    static Result summarize(List<SpanEvent> events, SpanParser parser) {
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        int closes = 0;
        for (SpanEvent event : events) {
            if (event instanceof SpanEvent.Reasoning r) {
                assertFalse(r.text().isEmpty(), "empty Reasoning event");
                reasoning.append(r.text());
            } else if (event instanceof SpanEvent.Content c) {
                assertFalse(c.text().isEmpty(), "empty Content event");
                content.append(c.text());
            } else if (!(event instanceof SpanEvent.SpanSkipped)) {
                assertInstanceOf(SpanEvent.SpanClosed.class, event);
                closes++;
            }
        }
        return new Result(reasoning.toString(), content.toString(), closes, parser.reasoningTokens(),
                parser.spanClosed(), parser.inSpan());
    }

    // ---- split invariance --------------------------------------------------------------------------------------

    /**
     * (profile, full text, expected reasoning, expected content, expected close count).
     */
    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("basic", THINK, "<think>\nHmm , wait\n</think>\n\nThe answer is 42.", "Hmm , wait",
                        "The answer is 42.", 1),
                Arguments.of("leading whitespace", THINK, " \n\t<think>\nHmm , wait\n</think>\n\nThe answer is 42.",
                        "Hmm , wait", "The answer is 42.", 1),
                Arguments.of("no span", THINK, "The answer is 42.", "", "The answer is 42.", 0),
                Arguments.of("no span, leading whitespace kept", THINK, "  The answer is 42.", "",
                        "  The answer is 42.", 0),
                Arguments.of("no span, starts like a marker", THINK, "<thin crust> pizza", "", "<thin crust> pizza", 0),
                Arguments.of("no span, lone <", THINK, "<", "", "<", 0),
                Arguments.of("no span, incomplete open at end", THINK, "  <thi", "", "  <thi", 0),
                Arguments.of("never closed", THINK, "<think>\nHmm , wait and wait", "Hmm , wait and wait", "", 0),
                Arguments.of("never closed, trailing whitespace", THINK, "<think>\nHmm , wait\n\n",
                        "Hmm , wait", "", 0),
                Arguments.of("prompt opens span", PROMPT_OPENS, "Hmm , wait\n</think>\n\nThe answer is 42.",
                        "Hmm , wait", "The answer is 42.", 1),
                Arguments.of("prompt opens span, leading newline", PROMPT_OPENS,
                        "\nHmm , wait\n</think>\n\nThe answer is 42.", "Hmm , wait", "The answer is 42.", 1),
                Arguments.of("prompt opens span, open marker is text", PROMPT_OPENS,
                        "<think>x</think>y", "<think>x", "y", 1),
                Arguments.of("non-reasoning", NONE, "<think>\nHmm\n</think>\n\nThe answer is 42.", "",
                        "<think>\nHmm\n</think>\n\nThe answer is 42.", 0),
                Arguments.of("non-marker < and </ in reasoning", THINK,
                        "<think>a < b and </b> and </thi ng </think</think>ok", "a < b and </b> and </thi ng </think",
                        "ok", 1),
                Arguments.of("non-marker </thi at end of reasoning", THINK, "<think>x </thi\n</think>\nA",
                        "x </thi", "A", 1),
                Arguments.of("markers at very start and end", THINK, "<think>r</think>", "r", "", 1),
                Arguments.of("empty span", THINK, "<think></think>A", "", "A", 1),
                Arguments.of("empty span with whitespace", THINK, "<think>\n\n</think>\n\nA", "", "A", 1),
                Arguments.of("content contains markers after close", THINK,
                        "<think>r</think>\nA </think> <think> B\n", "r", "A </think> <think> B\n", 1),
                Arguments.of("internal whitespace kept", THINK, "<think>\n  a\n\n b  \n</think>  \n A \n",
                        "a\n\n b", "A \n", 1),
                Arguments.of("content < after close", THINK, "<think>r</think>\n<b>x</b>", "r", "<b>x</b>", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void singlePieceGivesExpectedSplit(String name, ReasoningProfile profile, String text, String reasoning,
            String content, int closes) {
        Result result = run(profile, List.of(text));
        assertEquals(reasoning, result.reasoning(), "reasoning");
        assertEquals(content, result.content(), "content");
        assertEquals(closes, result.closes(), "SpanClosed events");
        assertEquals(closes == 1, result.spanClosed(), "spanClosed()");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void everyTwoPieceSplitMatchesSinglePiece(String name, ReasoningProfile profile, String text, String reasoning,
            String content, int closes) {
        for (int i = 0; i <= text.length(); i++) {
            assertSame(profile, text, List.of(text.substring(0, i), text.substring(i)), reasoning, content, closes);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void everyThreePieceSplitMatchesSinglePiece(String name, ReasoningProfile profile, String text, String reasoning,
            String content, int closes) {
        for (int i = 0; i <= text.length(); i++) {
            for (int j = i; j <= text.length(); j++) {
                assertSame(profile, text,
                        List.of(text.substring(0, i), text.substring(i, j), text.substring(j)), reasoning, content,
                        closes);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void oneCharPerPieceMatchesSinglePiece(String name, ReasoningProfile profile, String text, String reasoning,
            String content, int closes) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            pieces.add(text.substring(i, i + 1));
        }
        assertSame(profile, text, pieces, reasoning, content, closes);
    }

    private static void assertSame(ReasoningProfile profile, String text, List<String> pieces, String reasoning,
            String content, int closes) {
        Result result = run(profile, pieces);
        String where = "text " + escape(text) + " split as " + pieces.stream().map(SpanParserTest::escape).toList();
        assertEquals(reasoning, result.reasoning(), "reasoning for " + where);
        assertEquals(content, result.content(), "content for " + where);
        assertEquals(closes, result.closes(), "SpanClosed events for " + where);
        assertEquals(closes == 1, result.spanClosed(), "spanClosed() for " + where);
    }

    private static String escape(String s) {
        return "\"" + s.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    @Test
    void spanClosedComesBetweenReasoningAndContent() {
        SpanParser parser = new SpanParser(THINK);
        List<SpanEvent> events = new ArrayList<>(parser.accept("<think>\nHmm , wait\n</think>\n\nThe answer is 42."));
        events.addAll(parser.finish());
        assertEquals(List.of(new SpanEvent.Reasoning("Hmm , wait"), new SpanEvent.SpanClosed(),
                new SpanEvent.Content("The answer is 42.")), events);
    }

    @Test
    void eventsInStreamingOrder() {
        SpanParser parser = new SpanParser(THINK);
        assertEquals(List.of(), parser.accept("<think>"));
        assertTrue(parser.inSpan());
        assertEquals(List.of(), parser.accept("\n"));
        assertEquals(List.of(new SpanEvent.Reasoning("Hmm")), parser.accept("Hmm"));
        assertEquals(List.of(), parser.accept(" "), "trailing whitespace held back");
        assertEquals(List.of(new SpanEvent.Reasoning(" ,")), parser.accept(","));
        assertEquals(List.of(), parser.accept("\n</"), "partial close held back");
        assertEquals(List.of(new SpanEvent.SpanClosed()), parser.accept("think>"));
        assertFalse(parser.inSpan());
        assertTrue(parser.spanClosed());
        assertEquals(List.of(), parser.accept("\n\n"));
        assertEquals(List.of(new SpanEvent.Content("A")), parser.accept("A"));
        assertEquals(List.of(new SpanEvent.Content(" \n")), parser.accept(" \n"), "content whitespace not held");
        assertEquals(List.of(), parser.finish());
    }

    // ---- state --------------------------------------------------------------------------------------------------

    @Test
    void initialStates() {
        SpanParser think = new SpanParser(THINK);
        assertFalse(think.inSpan());
        assertFalse(think.spanClosed());
        assertEquals(0, think.reasoningTokens());

        SpanParser opened = new SpanParser(PROMPT_OPENS);
        assertTrue(opened.inSpan());
        assertFalse(opened.spanClosed());

        SpanParser none = new SpanParser(NONE);
        assertFalse(none.inSpan());
        assertFalse(none.spanClosed());
    }

    @Test
    void noSpanIsNeverClosed() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("Hello");
        assertFalse(parser.inSpan());
        assertFalse(parser.spanClosed());
        assertEquals(0, parser.reasoningTokens());
    }

    @Test
    void spanClosedStaysTrueOnceContentFlows() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<think>r</think>");
        assertTrue(parser.spanClosed());
        parser.accept("\n");
        assertTrue(parser.spanClosed());
        parser.accept("answer");
        assertTrue(parser.spanClosed());
        assertFalse(parser.inSpan());
    }

    @Test
    void nonReasoningModelIsAllContentAndNeverCounts() {
        SpanParser parser = new SpanParser(NONE);
        assertEquals(List.of(new SpanEvent.Content("<think>")), parser.accept("<think>"));
        assertEquals(List.of(new SpanEvent.Content("</think>")), parser.accept("</think>"));
        assertEquals(0, parser.reasoningTokens());
        assertFalse(parser.spanClosed());
    }

    // ---- finish ---------------------------------------------------------------------------------------------------

    @Test
    void finishFlushesHeldBackPartialOpenMarkerAsContent() {
        SpanParser parser = new SpanParser(THINK);
        assertEquals(List.of(), parser.accept("\n<thi"));
        assertEquals(List.of(new SpanEvent.Content("\n<thi")), parser.finish());
        assertEquals(List.of(), parser.finish(), "second finish has nothing left");
    }

    @Test
    void finishFlushesHeldBackWhitespaceOnlyOutputAsContent() {
        SpanParser parser = new SpanParser(THINK);
        assertEquals(List.of(), parser.accept("  "));
        assertEquals(List.of(new SpanEvent.Content("  ")), parser.finish());
    }

    @Test
    void finishDropsFramingWhitespaceAfterClose() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<think>r</think>\n\n");
        assertEquals(List.of(), parser.finish());
    }

    @Test
    void finishDropsTrailingWhitespaceOfUnclosedSpan() {
        SpanParser parser = new SpanParser(THINK);
        assertEquals(List.of(new SpanEvent.Reasoning("r")), parser.accept("<think>r\n\n"));
        assertEquals(List.of(), parser.finish());
    }

    @Test
    void finishOnContentHasNothingHeld() {
        SpanParser parser = new SpanParser(THINK);
        assertEquals(List.of(new SpanEvent.Content("hi")), parser.accept("hi"));
        assertEquals(List.of(), parser.finish());
    }

    // ---- reasoningTokens --------------------------------------------------------------------------------------------

    @Test
    void countsFromOpenMarkerThroughCloseMarker() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<think>");
        assertEquals(1, parser.reasoningTokens());
        parser.accept("\n");
        parser.accept("Hmm");
        parser.accept(" wait");
        assertEquals(4, parser.reasoningTokens());
        parser.accept("\n");
        parser.accept("</think>");
        assertEquals(6, parser.reasoningTokens());
        parser.accept("\n\n");
        parser.accept("The");
        parser.accept(" answer");
        parser.finish();
        assertEquals(6, parser.reasoningTokens());
    }

    @Test
    void tokenCarryingCloseMarkerAndContentCountsOnce() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<think>a");
        parser.accept("b</think>\n\nThe");
        parser.accept(" answer");
        assertEquals(2, parser.reasoningTokens());
    }

    @Test
    void markerSplitAcrossTokensCountsBoth() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<thi");
        parser.accept("nk>");
        assertEquals(2, parser.reasoningTokens());
        parser.accept("x");
        parser.accept("</th");
        parser.accept("ink>");
        assertEquals(5, parser.reasoningTokens());
        parser.accept("A");
        assertEquals(5, parser.reasoningTokens());
    }

    @Test
    void wholeSpanInOneTokenCountsOne() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<think>r</think>A");
        assertEquals(1, parser.reasoningTokens());
    }

    /**
     * Tokens of whitespace before the open marker are not reasoning. A leading-whitespace token that shares the piece
     * with the marker cannot be told apart, but a separate one can.
     */
    @Test
    void whitespaceTokensBeforeOpenMarkerAreNotCounted() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("\n");
        parser.accept(" ");
        parser.accept("<think>");
        parser.accept("r");
        parser.accept("</think>");
        assertEquals(3, parser.reasoningTokens(), "<think>, r, </think>; the two whitespace tokens are not reasoning");
    }

    @Test
    void noSpanCountsNothing() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<");
        parser.accept("b>");
        parser.accept("text");
        assertEquals(0, parser.reasoningTokens());
    }

    @Test
    void promptOpensSpanCountsFromFirstToken() {
        SpanParser parser = new SpanParser(PROMPT_OPENS);
        parser.accept("\n");
        parser.accept("Hmm");
        parser.accept("</think>");
        parser.accept("A");
        assertEquals(3, parser.reasoningTokens());
    }

    @Test
    void injectedTextIsNeverCounted() {
        SpanParser parser = new SpanParser(THINK);
        parser.inject("\n");
        parser.inject("<think>");
        assertEquals(0, parser.reasoningTokens());
        assertTrue(parser.inSpan());
        parser.accept("a");
        assertEquals(1, parser.reasoningTokens());
        parser.inject(" more injected text");
        assertEquals(1, parser.reasoningTokens());
        parser.inject("</think>");
        assertEquals(1, parser.reasoningTokens());
        assertTrue(parser.spanClosed());
    }

    @Test
    void injectedTextBeforeOpenMarkerTokenIsNotCounted() {
        SpanParser parser = new SpanParser(THINK);
        parser.inject("<thi");
        parser.accept("nk>");
        assertEquals(1, parser.reasoningTokens());
        assertTrue(parser.inSpan());
    }

    // ---- inject / reopen ------------------------------------------------------------------------------------------

    @Test
    void injectedTextShowsAsReasoning() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<think>");
        parser.accept("\nHmm");
        assertEquals(List.of(new SpanEvent.Reasoning(" Let me conclude.")), parser.inject(" Let me conclude."));
        assertEquals(List.of(new SpanEvent.Reasoning("\nOK"), new SpanEvent.SpanClosed(),
                new SpanEvent.Content("A")), parser.inject("\nOK\n</think>\n\nA"));
    }

    @Test
    void injectedConclusionClosesSpan() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<think>");
        parser.accept("\nHmm");
        List<SpanEvent> events = parser.inject("\n\nConsidering the limited time, I have to give the answer now.\n</think>\n\n");
        assertEquals(List.of(new SpanEvent.Reasoning(
                "\n\nConsidering the limited time, I have to give the answer now."), new SpanEvent.SpanClosed()), events);
        assertTrue(parser.spanClosed());
        assertEquals(List.of(new SpanEvent.Content("The")), parser.accept("The"));
        assertEquals(2, parser.reasoningTokens());
    }

    @Test
    void reopenAfterCloseReturnsToSpan() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<think>");
        parser.accept("\nHmm");
        assertEquals(List.of(new SpanEvent.SpanClosed()), parser.accept("\n</think>"));
        assertTrue(parser.spanClosed());
        assertFalse(parser.inSpan());
        assertEquals(3, parser.reasoningTokens());

        parser.reopen();
        assertTrue(parser.inSpan());
        assertFalse(parser.spanClosed());
        assertEquals(List.of(new SpanEvent.Reasoning("\nWait")), parser.inject("\nWait"));
        assertEquals(3, parser.reasoningTokens(), "injected Wait is not counted");
        assertEquals(List.of(new SpanEvent.Reasoning(", no")), parser.accept(", no"));
        assertEquals(4, parser.reasoningTokens(), "tokens after reopen count again");
        assertEquals(List.of(new SpanEvent.SpanClosed()), parser.accept("\n</think>"));
        assertEquals(5, parser.reasoningTokens());
        assertTrue(parser.spanClosed());
        assertEquals(List.of(new SpanEvent.Content("A")), parser.accept("\n\nA"));
    }

    @Test
    void reopenDropsHeldFramingWhitespace() {
        SpanParser parser = new SpanParser(THINK);
        parser.accept("<think>r</think>\n");
        parser.reopen();
        assertEquals(List.of(new SpanEvent.Reasoning("Wait")), parser.inject("Wait"));
        assertEquals(List.of(), parser.finish());
    }

    @Test
    void reopenBeforeAnyOutputStartsSpan() {
        SpanParser parser = new SpanParser(THINK);
        parser.reopen();
        assertTrue(parser.inSpan());
        assertEquals(List.of(new SpanEvent.Reasoning("x")), parser.accept("\nx"));
        assertEquals(1, parser.reasoningTokens());
    }

    @Test
    void reopenWithoutReasoningIsRefused() {
        SpanParser parser = new SpanParser(NONE);
        assertThrows(IllegalStateException.class, parser::reopen);
    }

    // ---- PartialMatch -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "</think>", "x</think>", "<think>", "think>", ">"})
    void partialMatchIsZeroWhenNoProperPrefixEnds(String text) {
        assertEquals(0, PartialMatch.suffixLength(text, "</think>"));
    }

    @Test
    void partialMatchFindsLongestProperPrefix() {
        assertEquals(1, PartialMatch.suffixLength("a <", "</think>"));
        assertEquals(2, PartialMatch.suffixLength("a </", "</think>"));
        assertEquals(7, PartialMatch.suffixLength("</think", "</think>"));
        assertEquals(7, PartialMatch.suffixLength("xx</think", "</think>"));
        assertEquals(3, PartialMatch.suffixLength("aaa", "aaaa"));
        assertEquals(2, PartialMatch.suffixLength("abab", "abac"), "longest suffix 'ab'");
        assertEquals(0, PartialMatch.suffixLength("a", "a"), "a whole marker is not a proper prefix");
        assertEquals(0, PartialMatch.suffixLength("abc", ""));
        assertEquals(3, PartialMatch.suffixLength(new StringBuilder("x<th"), "<think>"));
    }
}
