package io.thinkgate.auth;

import java.util.Optional;
import java.util.OptionalLong;

/** How much one key may use per minute and per budget period; an empty bound is no bound. */
public record KeyLimits(OptionalLong requestsPerMinute, OptionalLong tokensPerMinute, Optional<TokenBudget> budget) {

    public static final KeyLimits NONE = new KeyLimits(OptionalLong.empty(), OptionalLong.empty(), Optional.empty());

    /** These limits, with {@code defaults} for the bounds this key doesn't set itself. */
    public KeyLimits or(KeyLimits defaults) {
        return new KeyLimits(requestsPerMinute.isPresent() ? requestsPerMinute : defaults.requestsPerMinute,
                tokensPerMinute.isPresent() ? tokensPerMinute : defaults.tokensPerMinute,
                budget.isPresent() ? budget : defaults.budget);
    }
}
