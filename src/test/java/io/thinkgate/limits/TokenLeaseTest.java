package io.thinkgate.limits;

import io.thinkgate.auth.BudgetGrant;
import io.thinkgate.auth.BudgetPeriod;
import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;
import io.thinkgate.auth.PeriodBudgets;
import io.thinkgate.auth.TokenBudget;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenLeaseTest {

    private static final TokenBudget BUDGET = new TokenBudget(200, BudgetPeriod.DAY);

    /** A budget store, as the process's own counter keeps it, that can be made to fail as a Redis that went away. */
    private static final class Store implements RateCounter {
        final PeriodBudgets budgets = new PeriodBudgets();
        boolean down;
        int reserves;

        @Override
        public CompletionStage<MinuteWindows.Admission> admit(String key, KeyLimits limits, long nowMillis) {
            throw new UnsupportedOperationException("a lease only reserves and releases");
        }

        @Override
        public void charge(String key, long tokens, long nowMillis) {
            throw new UnsupportedOperationException("a lease only reserves and releases");
        }

        @Override
        public CompletionStage<BudgetGrant> reserve(String key, TokenBudget budget, long minimum, long wanted,
                long nowMillis) {
            reserves++;
            return down ? CompletableFuture.failedFuture(new IllegalStateException("connection refused"))
                    : CompletableFuture.completedFuture(budgets.reserve(key, budget, minimum, wanted, nowMillis));
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

        long used() {
            return budgets.used("a", BUDGET.period(), System.currentTimeMillis());
        }
    }

    /** A lease as an admission starts it: with the first block taken, or with nothing while the store is down. */
    private static TokenLease lease(Store store, List<String> trouble) {
        long now = System.currentTimeMillis();
        BudgetGrant advance = store.down ? new BudgetGrant(BUDGET.period().index(now), 0)
                : store.budgets.reserve("a", BUDGET, 0, TokenLease.BLOCK, now);
        return new TokenLease(store, "a", BUDGET, advance, trouble::add);
    }

    @Test
    void aReplyStopsAtTheBudgetToTheToken() {
        Store store = new Store();
        TokenLease lease = lease(store, new ArrayList<>());
        assertTrue(lease.consume(30), "the prompt");
        int generated = 0;
        while (lease.consume(1)) {
            generated++;
        }
        assertEquals(169, generated, "30 + 169 tokens, and the 200th leaves no room for another");
        assertEquals(200, store.used());
        assertTrue(store.reserves <= 2 + 200 / TokenLease.BLOCK, "the store is asked once a block: "
                + store.reserves);
        lease.close();
        assertEquals(200, store.used(), "what was used stays used");
    }

    @Test
    void whatWasTakenAndNotUsedGoesBackWhenTheRequestEnds() {
        Store store = new Store();
        TokenLease first = lease(store, new ArrayList<>());
        assertTrue(first.consume(10));
        assertEquals(TokenLease.BLOCK, store.used(), "a block taken ahead, with the admission");
        assertEquals(0, store.reserves, "a short request never asks the store again");
        TokenLease second = lease(store, new ArrayList<>());
        assertTrue(second.consume(5));
        first.close();
        assertEquals(10 + TokenLease.BLOCK, store.used());
        second.close();
        assertEquals(15, store.used());
        assertTrue(first.consume(1), "a closed lease limits nothing");
        assertEquals(15, store.used(), "and charges nothing");
        first.close();
        assertEquals(15, store.used(), "closing twice gives back nothing twice");
    }

    @Test
    void aPromptLargerThanWhatIsLeftIsCountedWholeAndEndsTheReply() {
        Store store = new Store();
        TokenLease lease = lease(store, new ArrayList<>());
        assertFalse(lease.consume(250));
        assertEquals(250, store.used());
        lease.close();
        TokenLease next = lease(store, new ArrayList<>());
        assertFalse(next.consume(1), "an overdrawn budget lets nothing more through");
        assertEquals(251, store.used());
    }

    @Test
    void aStoreThatFailsMidReplyLetsTheReplyGoOnUncountedAndSaysWhy() {
        Store store = new Store();
        List<String> trouble = new ArrayList<>();
        TokenLease running = lease(store, trouble);
        assertTrue(running.consume(10));
        store.down = true;
        for (int i = 0; i < 100; i++) {
            assertTrue(running.consume(1), "admitted while Redis was up, it is not cut as if its budget were spent");
        }
        int asked = store.reserves;
        for (int i = 0; i < 1_000; i++) {
            assertTrue(running.consume(1));
        }
        assertEquals(asked, store.reserves, "once uncounted, the store isn't asked again for this reply");
        assertEquals(1, trouble.size());
        assertTrue(trouble.get(0).startsWith("Redis: connection refused;"), trouble.get(0));
        store.down = false;
        running.close();
        assertEquals(10 + 54, store.used(), "what it had used, and the rest of its advance spent before the failure");
    }
}
