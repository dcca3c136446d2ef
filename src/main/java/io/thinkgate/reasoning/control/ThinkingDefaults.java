package io.thinkgate.reasoning.control;

import io.thinkgate.reasoning.budget.ThinkingLimits;

import java.util.Objects;
import java.util.Optional;

/**
 * Server-side settings that fill in what a request leaves out.
 *
 * @param conclusionMessage the text that forces a conclusion; it must end with the close marker
 * @param extensionMessage the text that replaces an early close marker (s1's "Wait")
 * @param loopBrake the loop brake's thresholds, or empty when it is off by default
 */
public record ThinkingDefaults(String conclusionMessage, String extensionMessage, int maxExtensions,
        Optional<ThinkingLimits.LoopBrake> loopBrake, ThinkingLimits.LoopBrake loopBrakeShape) {

    public ThinkingDefaults {
        Objects.requireNonNull(conclusionMessage);
        Objects.requireNonNull(extensionMessage);
        Objects.requireNonNull(loopBrakeShape);
    }
}
