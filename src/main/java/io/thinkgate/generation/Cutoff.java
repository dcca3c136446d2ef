package io.thinkgate.generation;

/** What, besides the model and {@code max_tokens}, ended a completion early; its finish reason is then length. */
public enum Cutoff {
    /** Nothing: the model stopped, or a stop sequence, {@code max_tokens} or the context ended it. */
    NONE,
    /** The request's deadline passed. */
    DEADLINE,
    /** The {@link TokenAllowance}, the API key's token budget, ran out. */
    QUOTA
}
