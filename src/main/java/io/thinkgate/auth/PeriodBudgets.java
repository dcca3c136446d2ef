package io.thinkgate.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * The tokens each key has used of its budget in the current period, in this process. Tokens are taken ahead, in
 * grants, as a reply is generated, so that no two requests of one key can both spend its last tokens; what a
 * finished request took and didn't use is given back to the period it was taken from.
 */
public final class PeriodBudgets {

    private record Count(BudgetPeriod period, long index) {
    }

    private final Map<String, Map<Count, Long>> used = new HashMap<>();

    /** Tokens {@code key} has used of its {@code period}'s budget at {@code nowMillis}. */
    public synchronized long used(String key, BudgetPeriod period, long nowMillis) {
        return counts(key).getOrDefault(new Count(period, period.index(nowMillis)), 0L);
    }

    /**
     * Takes up to {@code wanted} tokens from {@code key}'s budget for the period of {@code nowMillis}, as many as it
     * has left, but never fewer than {@code minimum} (tokens already generated, which count whatever the budget).
     */
    public synchronized BudgetGrant reserve(String key, TokenBudget budget, long minimum, long wanted,
            long nowMillis) {
        Count count = new Count(budget.period(), budget.period().index(nowMillis));
        Map<Count, Long> counts = counts(key);
        counts.keySet().removeIf(c -> c.period() == budget.period() && c.index() < count.index());
        long before = counts.getOrDefault(count, 0L);
        long granted = grant(budget.tokens(), before, minimum, wanted);
        counts.put(count, Math.addExact(before, granted));
        return new BudgetGrant(count.index(), granted);
    }

    /** Gives back {@code tokens} taken in period {@code index} and not used; a period that is over is left as is. */
    public synchronized void release(String key, BudgetPeriod period, long index, long tokens) {
        counts(key).computeIfPresent(new Count(period, index), (c, before) -> Math.max(0, before - tokens));
    }

    /** What a grant gives from a budget of which {@code used} tokens are gone; Redis's script does the same. */
    public static long grant(long budget, long used, long minimum, long wanted) {
        return Math.max(minimum, Math.min(wanted, Math.max(0, budget - used)));
    }

    private Map<Count, Long> counts(String key) {
        return used.computeIfAbsent(key, k -> new HashMap<>());
    }
}
