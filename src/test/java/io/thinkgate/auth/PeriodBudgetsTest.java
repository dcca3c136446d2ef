package io.thinkgate.auth;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeriodBudgetsTest {

    private static final long HOUR = 3_600_000;
    private static final long T0 = 490_000 * HOUR + 1_234;
    private static final TokenBudget HUNDRED = new TokenBudget(100, BudgetPeriod.HOUR);

    @Test
    void grantsTakeWhatIsLeftButNeverLessThanTheMinimum() {
        assertEquals(64, PeriodBudgets.grant(100, 0, 0, 64));
        assertEquals(36, PeriodBudgets.grant(100, 64, 0, 64));
        assertEquals(0, PeriodBudgets.grant(100, 100, 0, 64));
        assertEquals(0, PeriodBudgets.grant(100, 150, 0, 64), "an overdrawn budget grants nothing");
        assertEquals(20, PeriodBudgets.grant(100, 95, 20, 84), "tokens already generated are always counted");
        assertEquals(500, PeriodBudgets.grant(100, 0, 500, 564), "a prompt larger than the budget is counted whole");
    }

    @Test
    void grantsAddUpToTheBudgetAndReleasesGiveBack() {
        PeriodBudgets budgets = new PeriodBudgets();
        BudgetGrant first = budgets.reserve("a", HUNDRED, 0, 64, T0);
        assertEquals(64, first.tokens());
        assertEquals(BudgetPeriod.HOUR.index(T0), first.periodIndex());
        assertEquals(36, budgets.reserve("a", HUNDRED, 0, 64, T0 + 1).tokens());
        assertEquals(0, budgets.reserve("a", HUNDRED, 0, 64, T0 + 2).tokens());
        assertEquals(100, budgets.used("a", BudgetPeriod.HOUR, T0));
        budgets.release("a", BudgetPeriod.HOUR, first.periodIndex(), 30);
        assertEquals(70, budgets.used("a", BudgetPeriod.HOUR, T0));
        assertEquals(30, budgets.reserve("a", HUNDRED, 0, 64, T0 + 3).tokens());
        assertEquals(0, budgets.used("b", BudgetPeriod.HOUR, T0), "keys have budgets of their own");
        assertEquals(0, budgets.used("a", BudgetPeriod.DAY, T0), "and so do periods");
    }

    @Test
    void aNewPeriodStartsFromNothingAndAReleaseIntoAnEndedOneChangesNothing() {
        PeriodBudgets budgets = new PeriodBudgets();
        BudgetGrant old = budgets.reserve("a", HUNDRED, 0, 100, T0);
        long next = BudgetPeriod.HOUR.endMillis(T0);
        assertEquals(0, budgets.used("a", BudgetPeriod.HOUR, next));
        assertEquals(64, budgets.reserve("a", HUNDRED, 0, 64, next).tokens());
        budgets.release("a", BudgetPeriod.HOUR, old.periodIndex(), 100);
        assertEquals(64, budgets.used("a", BudgetPeriod.HOUR, next));
        budgets.release("a", BudgetPeriod.HOUR, BudgetPeriod.HOUR.index(next), 1_000);
        assertEquals(0, budgets.used("a", BudgetPeriod.HOUR, next), "never below nothing");
    }

    @Test
    void concurrentGrantsNeverTakeMoreThanTheBudget() throws Exception {
        PeriodBudgets budgets = new PeriodBudgets();
        TokenBudget budget = new TokenBudget(10_000, BudgetPeriod.DAY);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> takers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                takers.add(pool.submit(() -> {
                    long taken = 0;
                    for (int i = 0; i < 1_000; i++) {
                        taken += budgets.reserve("a", budget, 0, 7, T0).tokens();
                    }
                    return taken;
                }));
            }
            long total = 0;
            for (Future<Long> taker : takers) {
                total += taker.get();
            }
            assertEquals(10_000, total);
            assertEquals(10_000, budgets.used("a", BudgetPeriod.DAY, T0));
        } finally {
            pool.shutdownNow();
        }
    }
}
