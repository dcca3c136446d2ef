package io.thinkgate.limits;

import io.thinkgate.auth.BudgetGrant;
import io.thinkgate.auth.BudgetPeriod;
import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;
import io.thinkgate.auth.TokenBudget;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where each key's requests and tokens of the current minute, and its tokens of the current budget period, are
 * counted: this process, or a shared Redis.
 */
public interface RateCounter extends AutoCloseable {

    /**
     * Counts the request if its key is under its bounds, and takes the first {@link TokenLease#BLOCK} tokens (or
     * what is left) of its budget; never fails (a store that can't answer says so).
     */
    CompletionStage<MinuteWindows.Admission> admit(String key, KeyLimits limits, long nowMillis);

    /** Adds a finished reply's tokens to its key's current minute. */
    void charge(String key, long tokens, long nowMillis);

    /**
     * Takes up to {@code wanted} tokens, never fewer than {@code minimum}, from the key's budget for the period of
     * {@code nowMillis} (see {@link io.thinkgate.auth.PeriodBudgets#reserve}); fails when the store can't answer.
     */
    CompletionStage<BudgetGrant> reserve(String key, TokenBudget budget, long minimum, long wanted, long nowMillis);

    /** Gives back tokens taken in period {@code index} of the key's budget and not used. */
    void release(String key, BudgetPeriod period, long index, long tokens);

    /** Why the store can't count now, or empty while it can. */
    Optional<String> trouble();

    @Override
    void close();
}
