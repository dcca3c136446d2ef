package io.thinkgate.reasoning.profile;

import java.util.Optional;
import java.util.Set;

/**
 * Decides from a model's metadata whether it reasons, and where its span starts.
 *
 * <p>A model reasons when its vocabulary has both markers as special tokens, or its chat template mentions the
 * open marker (R1's template strips earlier reasoning, QwQ's opens the span). The span starts in the prompt when the
 * template's generation prefix already ends with the open marker.
 */
public final class ProfileDetector {

    private final String openMarker;
    private final String closeMarker;

    public ProfileDetector(String openMarker, String closeMarker) {
        this.openMarker = openMarker;
        this.closeMarker = closeMarker;
    }

    /**
     * @param specialTokens texts of the vocabulary's user-defined and control tokens
     * @param chatTemplate the model's chat template, or empty
     * @param renderedPrompt a one-message conversation rendered with the generation prefix
     * @param override a configured answer that wins over detection
     */
    public ReasoningProfile detect(Set<String> specialTokens, String chatTemplate, String renderedPrompt,
            Optional<Boolean> override) {
        boolean detected = (specialTokens.contains(openMarker) && specialTokens.contains(closeMarker))
                || chatTemplate.contains(openMarker);
        boolean reasoning = override.orElse(detected);
        boolean promptOpensSpan = reasoning && renderedPrompt.stripTrailing().endsWith(openMarker);
        return new ReasoningProfile(reasoning, openMarker, closeMarker, promptOpensSpan);
    }
}
