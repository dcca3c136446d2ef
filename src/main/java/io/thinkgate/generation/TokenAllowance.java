package io.thinkgate.generation;

/**
 * What a completion may still spend of a budget beyond the request's own {@code max_tokens}, such as its API key's
 * token budget: told of the prompt's tokens and each piece's as they are read or generated, it says whether the
 * next token may come.
 */
@FunctionalInterface
public interface TokenAllowance {

    TokenAllowance UNLIMITED = tokens -> true;

    /** Charges {@code tokens}, which count whatever is left, and says whether there is room for the next token. */
    boolean consume(int tokens);
}
