package io.thinkgate.limits;

import io.thinkgate.auth.BudgetGrant;
import io.thinkgate.auth.BudgetPeriod;
import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;
import io.thinkgate.auth.PeriodBudgets;
import io.thinkgate.auth.TokenBudget;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Counts in this process: right for one replica; with several, each counts for itself. An admission reads the
 * budget, counts the request and takes its advance in one step, as Redis's script does.
 */
public final class LocalRateCounter implements RateCounter {

    private final MinuteWindows windows = new MinuteWindows();
    private final PeriodBudgets budgets = new PeriodBudgets();

    @Override
    public synchronized CompletionStage<MinuteWindows.Admission> admit(String key, KeyLimits limits,
            long nowMillis) {
        long used = limits.budget().map(b -> budgets.used(key, b.period(), nowMillis)).orElse(0L);
        MinuteWindows.Admission admission = windows.admit(key, limits, used, nowMillis);
        if (admission instanceof MinuteWindows.Admission.Admitted admitted && limits.budget().isPresent()) {
            admission = admitted.withAdvance(budgets.reserve(key, limits.budget().get(), 0, TokenLease.BLOCK,
                    nowMillis));
        }
        return CompletableFuture.completedFuture(admission);
    }

    @Override
    public void charge(String key, long tokens, long nowMillis) {
        windows.charge(key, tokens, nowMillis);
    }

    @Override
    public CompletionStage<BudgetGrant> reserve(String key, TokenBudget budget, long minimum, long wanted,
            long nowMillis) {
        return CompletableFuture.completedFuture(budgets.reserve(key, budget, minimum, wanted, nowMillis));
    }

    @Override
    public void release(String key, BudgetPeriod period, long index, long tokens) {
        budgets.release(key, period, index, tokens);
    }

    @Override
    public Optional<String> trouble() {
        return Optional.empty();
    }

    @Override
    public void close() {
    }
}
