package io.thinkgate.reasoning.control;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One request's thinking instructions, normalized from whichever client dialect sent them.
 *
 * @param source the dialect that decided the mode, e.g. {@code reasoning_effort} or {@code default}
 * @param conclusionMessage overrides the configured forced-conclusion text
 * @param loopBrake overrides whether the loop brake is on
 */
public record ThinkingControl(ThinkingMode mode, String source, OptionalInt budgetTokens, OptionalInt minTokens,
        Optional<String> conclusionMessage, Optional<Boolean> loopBrake) {

    public ThinkingControl {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(source);
    }

    public static ThinkingControl of(ThinkingMode mode, String source) {
        return new ThinkingControl(mode, source, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty());
    }
}
