package io.thinkgate.engine;

import java.util.Set;

/**
 * What the engine knows about its loaded model.
 *
 * @param contextSize tokens of context per slot
 * @param chatTemplate the Jinja chat template from the GGUF metadata, or empty
 * @param userDefinedTokens texts of the vocabulary's user-defined tokens (where reasoning markers live)
 * @param maxTokenChars the most characters one token of the vocabulary stands for, so that a text longer than
 *     {@code contextSize * maxTokenChars} is known not to fit without tokenizing it
 */
public record ModelInfo(String id, int contextSize, int slots, String chatTemplate, Set<String> userDefinedTokens,
        int maxTokenChars) {

    /** The longest text that may still fit into one slot's context. */
    public long maxPromptChars() {
        return (long) contextSize * maxTokenChars;
    }
}
