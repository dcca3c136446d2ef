package io.thinkgate.reasoning.budget;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The limits one request puts on its reasoning.
 *
 * @param budgetTokens the most reasoning tokens before the conclusion is forced
 * @param minTokens the fewest reasoning tokens before the model may close the span
 * @param conclusionMessage appended to force the conclusion; it ends with the close marker
 * @param extensionMessage appended in place of an early close marker (s1's "Wait")
 * @param maxExtensions how often an early close may be replaced
 * @param loopBrake how a reasoning loop is recognised, or empty for no brake
 */
public record ThinkingLimits(OptionalInt budgetTokens, OptionalInt minTokens, String conclusionMessage,
        String extensionMessage, int maxExtensions, Optional<LoopBrake> loopBrake) {

    public ThinkingLimits {
        Objects.requireNonNull(conclusionMessage);
        Objects.requireNonNull(extensionMessage);
        if (maxExtensions < 0) {
            throw new IllegalArgumentException("maxExtensions must not be negative");
        }
    }

    /** A loop is the same run of {@code minLength}..{@code maxLength} tokens, {@code repeats} times in a row. */
    public record LoopBrake(int minLength, int maxLength, int repeats) {
    }
}
