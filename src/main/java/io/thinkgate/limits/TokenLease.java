package io.thinkgate.limits;

import io.thinkgate.auth.BudgetGrant;
import io.thinkgate.auth.TokenBudget;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * One request's share of its key's token budget. Tokens are charged as they are generated: the lease takes them
 * from the shared budget ahead, in blocks of {@value #BLOCK} (the first with the request's admission), so that the
 * store is asked once per block rather than once per token, and gives back what it took and didn't use when the
 * request ends. A reply therefore stops at the budget to the token, while another request of the same key may stop
 * up to a block early.
 */
public final class TokenLease {

    static final int BLOCK = 64;

    private final RateCounter counter;
    private final String key;
    private final TokenBudget budget;
    private final Consumer<String> trouble;
    private long periodIndex;
    private long held;
    private boolean uncounted;
    private boolean closed;

    /**
     * @param advance the tokens taken with the request's admission
     * @param trouble told why the store couldn't be reached; the reply, admitted while it could, then goes on
     *     uncounted (with {@code redis-failure=closed} too: that setting is about admitting requests, and a reply
     *     cut here would read as a spent budget)
     */
    public TokenLease(RateCounter counter, String key, TokenBudget budget, BudgetGrant advance,
            Consumer<String> trouble) {
        this.counter = counter;
        this.key = key;
        this.budget = budget;
        this.periodIndex = advance.periodIndex();
        this.held = advance.tokens();
        this.trouble = trouble;
    }

    /**
     * Charges {@code tokens} that were read or generated, which count whatever the budget has left, and says whether
     * the budget has room for the next token. Blocks while the store is asked, which happens once per block. Once
     * the lease is closed (its request is over) it charges nothing and limits nothing.
     */
    public boolean consume(int tokens) {
        long shortfall;
        synchronized (this) {
            if (closed || uncounted) {
                return true;
            }
            shortfall = Math.max(0, tokens - held);
            held = Math.max(0, held - tokens);
            if (held > 0) {
                return true;
            }
        }
        Optional<BudgetGrant> grant = take(shortfall);
        synchronized (this) {
            if (grant.isEmpty()) {
                uncounted = true;
                return true;
            }
            long extra = grant.get().tokens() - shortfall;
            if (closed) {
                counter.release(key, budget.period(), grant.get().periodIndex(), extra);
                return true;
            }
            periodIndex = grant.get().periodIndex();
            held = extra;
            return held > 0;
        }
    }

    private Optional<BudgetGrant> take(long shortfall) {
        try {
            return Optional.of(counter.reserve(key, budget, shortfall, shortfall + BLOCK, System.currentTimeMillis())
                    .toCompletableFuture().join());
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            trouble.accept("Redis: " + (cause.getMessage() != null ? cause.getMessage()
                    : cause.getClass().getSimpleName()) + "; a running reply goes on without charging its budget");
            return Optional.empty();
        }
    }

    /** Gives back the tokens taken and not used, once; the lease charges nothing after. */
    public synchronized void close() {
        if (!closed) {
            closed = true;
            counter.release(key, budget.period(), periodIndex, held);
            held = 0;
        }
    }
}
