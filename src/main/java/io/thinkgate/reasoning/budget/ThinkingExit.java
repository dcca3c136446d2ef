package io.thinkgate.reasoning.budget;

/** Why the reasoning span ended. */
public enum ThinkingExit {
    /** The model closed the span itself (or never opened one). */
    NATURAL,
    /** The reasoning budget ran out and the conclusion was forced. */
    BUDGET,
    /** The loop brake forced the conclusion. */
    LOOP,
    /** {@code max_tokens} ran out while the model was still thinking. */
    LENGTH,
    /** A caller's {@code answer_now} ended it. */
    INTERRUPT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
