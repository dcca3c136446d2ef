package io.thinkgate.generation;

/** OpenAI's {@code finish_reason}. */
public enum FinishReason {
    STOP, LENGTH;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
