package io.thinkgate.engine;

import java.util.List;

/**
 * A token's log-probability at its position, as OpenAI's {@code logprobs} report it.
 *
 * @param bytes the token's UTF-8 bytes (a token can hold part of a character, so its text alone can't say)
 * @param top the most likely tokens at that position, most likely first; empty for an alternative itself
 */
public record TokenLogprob(String token, double logprob, List<Integer> bytes, List<TokenLogprob> top) {

    public TokenLogprob {
        bytes = List.copyOf(bytes);
        top = List.copyOf(top);
    }
}
