package io.thinkgate.reasoning.profile;

import java.util.Objects;

/**
 * How a model marks its reasoning span, and what the rendered prompt already contains.
 *
 * @param reasoning whether the model thinks at all; a non-reasoning model's output is all content
 * @param promptOpensSpan whether the chat template already ends with the open marker, so the model starts inside the span
 * @param thinkingSwitch whether the chat template has Qwen3's {@code enable_thinking} switch and the engine renders
 *                       it, so that the template, not the gateway, closes the span for no_think
 * @param shortMarker a Thinkless-style model's control token for answering without thinking ({@code <short>}),
 *                    where the open marker is its other choice; empty for models without one
 */
public record ReasoningProfile(boolean reasoning, String openMarker, String closeMarker, boolean promptOpensSpan,
        boolean thinkingSwitch, String shortMarker) {

    public static final String THINK_OPEN = "<think>";
    public static final String THINK_CLOSE = "</think>";

    public ReasoningProfile {
        Objects.requireNonNull(openMarker);
        Objects.requireNonNull(closeMarker);
        Objects.requireNonNull(shortMarker);
        if (reasoning && (openMarker.isEmpty() || closeMarker.isEmpty())) {
            throw new IllegalArgumentException("a reasoning profile needs both markers");
        }
    }

    public ReasoningProfile(boolean reasoning, String openMarker, String closeMarker, boolean promptOpensSpan) {
        this(reasoning, openMarker, closeMarker, promptOpensSpan, false, "");
    }

    public ReasoningProfile withThinkingSwitch(boolean on) {
        return new ReasoningProfile(reasoning, openMarker, closeMarker, promptOpensSpan, on && reasoning,
                shortMarker);
    }

    /** With a Thinkless-style no-thinking control token; a model that does not reason has none. */
    public ReasoningProfile withShortMarker(String marker) {
        return new ReasoningProfile(reasoning, openMarker, closeMarker, promptOpensSpan, thinkingSwitch,
                reasoning ? marker : "");
    }

    public static ReasoningProfile none() {
        return new ReasoningProfile(false, THINK_OPEN, THINK_CLOSE, false);
    }

    public static ReasoningProfile think(boolean promptOpensSpan) {
        return new ReasoningProfile(true, THINK_OPEN, THINK_CLOSE, promptOpensSpan);
    }

    /** What to append to the rendered prompt so that the model skips thinking (Qwen3's enable_thinking=false). */
    public String closedSpanPrefix() {
        return closedSpanPrefix("");
    }

    /**
     * What to append to the rendered prompt so that the model answers without thinking: its own no-thinking token
     * where it has one (Thinkless's {@code <short>}) and its prompt has not opened the span already, else the
     * closed span.
     */
    public String noThinkingPrefix() {
        return shortMarker.isEmpty() || promptOpensSpan ? closedSpanPrefix() : shortMarker;
    }

    /**
     * What to append to the rendered prompt to place {@code thoughts} as the whole reasoning span (ThoughtMani):
     * {@code <think>\n{thoughts}\n</think>\n\n}, where a prompt that opens the span already ends with the first line.
     */
    public String closedSpanPrefix(String thoughts) {
        return (promptOpensSpan ? "" : openMarker + "\n") + thoughts + "\n" + closeMarker + "\n\n";
    }
}
