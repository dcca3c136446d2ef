package io.thinkgate.engine;

import java.util.Set;

/**
 * What the engine knows about its loaded model.
 *
 * @param contextSize tokens of context per slot
 * @param chatTemplate the Jinja chat template from the GGUF metadata, or empty
 * @param userDefinedTokens texts of the vocabulary's user-defined tokens (where reasoning markers live)
 */
public record ModelInfo(String id, int contextSize, int slots, String chatTemplate, Set<String> userDefinedTokens) {
}
