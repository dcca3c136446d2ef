package io.thinkgate.reasoning.span;

import io.thinkgate.reasoning.profile.ReasoningProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits streamed model output into reasoning and content, one token piece at a time.
 *
 * <p>Markers may arrive split over several pieces, so a tail that could still become a marker is held back until the
 * next piece decides it. Whitespace that only frames the span (after the open marker, before the close marker, and
 * between the close marker and the answer) is dropped, as the llama.cpp server does. A Thinkless-style model's
 * no-thinking token ({@link ReasoningProfile#shortMarker()}) where the span would open is taken out: what follows
 * is the answer. Not thread-safe.
 */
public final class SpanParser {

    private enum State { AWAITING_OPEN, REASONING, AFTER_CLOSE, CONTENT }

    private final ReasoningProfile profile;
    private State state;
    private final StringBuilder pending = new StringBuilder();
    private boolean reasoningStarted;
    private boolean reasoningShown;
    private int pendingTokens;
    private int reasoningTokens;

    public SpanParser(ReasoningProfile profile) {
        this.profile = profile;
        if (!profile.reasoning()) {
            state = State.CONTENT;
        } else {
            state = profile.promptOpensSpan() ? State.REASONING : State.AWAITING_OPEN;
        }
    }

    /** Parses the text of one generated token. */
    public List<SpanEvent> accept(String piece) {
        return accept(piece, 1);
    }

    /** Parses a piece of generated text that stands for {@code tokens} sampled tokens. */
    public List<SpanEvent> accept(String piece, int tokens) {
        return process(piece, tokens);
    }

    /** Parses text the gateway placed into the model's context itself; it is shown but not counted as generated. */
    public List<SpanEvent> inject(String text) {
        return process(text, 0);
    }

    /** Returns to the reasoning span after a close marker, for a continuation that keeps the model thinking. */
    public void reopen() {
        if (!profile.reasoning()) {
            throw new IllegalStateException("a model without a reasoning span cannot be reopened");
        }
        state = State.REASONING;
        pending.setLength(0);
    }

    /** Emits whatever is still held back; call once the model has stopped. */
    public List<SpanEvent> finish() {
        List<SpanEvent> events = new ArrayList<>();
        String rest = pending.toString();
        pending.setLength(0);
        switch (state) {
            case AWAITING_OPEN, CONTENT -> emitContent(events, rest);
            case REASONING -> emitReasoning(events, rest.stripTrailing());
            case AFTER_CLOSE -> { }
        }
        return events;
    }

    public boolean inSpan() {
        return state == State.REASONING;
    }

    public boolean spanClosed() {
        return state == State.AFTER_CLOSE || (state == State.CONTENT && reasoningStarted);
    }

    /** Generated tokens from the open marker up to and including the close marker. */
    public int reasoningTokens() {
        return reasoningTokens;
    }

    private List<SpanEvent> process(String text, int tokens) {
        List<SpanEvent> events = new ArrayList<>();
        if (state == State.REASONING) {
            reasoningTokens += tokens;
        } else if (state == State.AWAITING_OPEN && !(pending + text).isBlank()) {
            pendingTokens += tokens;
        }
        pending.append(text);
        boolean progressed = true;
        while (progressed) {
            progressed = switch (state) {
                case AWAITING_OPEN -> awaitOpen(events);
                case REASONING -> reason(events);
                case AFTER_CLOSE -> skipLeadingWhitespace();
                case CONTENT -> {
                    emitContent(events, pending.toString());
                    pending.setLength(0);
                    yield false;
                }
            };
        }
        return events;
    }

    private boolean awaitOpen(List<SpanEvent> events) {
        String buffered = pending.toString();
        String trimmed = buffered.stripLeading();
        String open = profile.openMarker();
        if (trimmed.startsWith(open)) {
            pending.delete(0, buffered.length() - trimmed.length() + open.length());
            state = State.REASONING;
            reasoningStarted = true;
            reasoningTokens += pendingTokens;
            pendingTokens = 0;
            return true;
        }
        String skip = profile.shortMarker();
        if (!skip.isEmpty() && trimmed.startsWith(skip)) {
            pending.delete(0, buffered.length() - trimmed.length() + skip.length());
            events.add(new SpanEvent.SpanSkipped());
            state = State.AFTER_CLOSE;
            pendingTokens = 0;
            return true;
        }
        if (open.startsWith(trimmed) || !skip.isEmpty() && skip.startsWith(trimmed)) {
            return false;
        }
        state = State.CONTENT;
        pendingTokens = 0;
        return true;
    }

    private boolean reason(List<SpanEvent> events) {
        reasoningStarted = true;
        String buffered = pending.toString();
        String close = profile.closeMarker();
        int at = buffered.indexOf(close);
        if (at >= 0) {
            emitReasoning(events, buffered.substring(0, at).stripTrailing());
            events.add(new SpanEvent.SpanClosed());
            pending.delete(0, at + close.length());
            state = State.AFTER_CLOSE;
            return true;
        }
        int partial = PartialMatch.suffixLength(buffered, close);
        int keep = partial + trailingWhitespaceLength(buffered.substring(0, buffered.length() - partial));
        emitReasoning(events, buffered.substring(0, buffered.length() - keep));
        pending.delete(0, buffered.length() - keep);
        return false;
    }

    private boolean skipLeadingWhitespace() {
        String buffered = pending.toString();
        String trimmed = buffered.stripLeading();
        pending.delete(0, buffered.length() - trimmed.length());
        if (trimmed.isEmpty()) {
            return false;
        }
        state = State.CONTENT;
        return true;
    }

    private void emitReasoning(List<SpanEvent> events, String text) {
        String shown = text;
        if (!reasoningShown) {
            shown = text.stripLeading();
            reasoningShown = !shown.isEmpty();
        }
        if (!shown.isEmpty()) {
            events.add(new SpanEvent.Reasoning(shown));
        }
    }

    private static void emitContent(List<SpanEvent> events, String text) {
        if (!text.isEmpty()) {
            events.add(new SpanEvent.Content(text));
        }
    }

    /** Whitespace is held back at the end of the span so that it can be dropped if the close marker follows. */
    private static int trailingWhitespaceLength(String text) {
        return text.length() - text.stripTrailing().length();
    }
}
