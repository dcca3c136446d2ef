package io.thinkgate.reasoning.budget;

/**
 * Watches one request's reasoning as it streams and decides when to force a conclusion (budget, loop brake) or to
 * keep the model thinking (minimum). Not thread-safe.
 */
public final class ThinkingGovernor {

    private final ThinkingLimits limits;
    private final LoopDetector loopDetector;
    private int extensions;
    private ThinkingExit exit = ThinkingExit.NATURAL;
    /** A budget a caller set while the reasoning ran (a soft interrupt); it only ever lowers the request's. */
    private int cap = Integer.MAX_VALUE;

    public ThinkingGovernor(ThinkingLimits limits) {
        this.limits = limits;
        this.loopDetector = limits.loopBrake()
                .map(brake -> new LoopDetector(brake.minLength(), brake.maxLength(), brake.repeats()))
                .orElse(null);
    }

    /** Called after each generated token that stays inside the span; {@code reasoningTokens} includes it. */
    public ThinkingDecision onReasoningToken(int reasoningTokens, String piece) {
        if (reasoningTokens >= Math.min(cap, limits.budgetTokens().orElse(Integer.MAX_VALUE))) {
            return conclude(ThinkingExit.BUDGET);
        }
        if (loopDetector != null && loopDetector.add(piece)) {
            return conclude(ThinkingExit.LOOP);
        }
        return ThinkingDecision.PROCEED;
    }

    /** Called when the model itself writes the close marker after {@code reasoningTokens} tokens of reasoning. */
    public ThinkingDecision onSpanClosed(int reasoningTokens) {
        if (limits.minTokens().isPresent() && reasoningTokens < limits.minTokens().getAsInt()
                && extensions < limits.maxExtensions()) {
            extensions++;
            return new ThinkingDecision.Extend(limits.extensionMessage());
        }
        return ThinkingDecision.PROCEED;
    }

    /** Lowers the budget to {@code reasoningTokens} in all, from now on. */
    public void capBudget(int reasoningTokens) {
        cap = Math.min(cap, reasoningTokens);
    }

    /** A caller asked for the answer now: the conclusion is forced with {@code message}. */
    public ThinkingDecision.Conclude interrupt(String message) {
        exit = ThinkingExit.INTERRUPT;
        return new ThinkingDecision.Conclude(ThinkingExit.INTERRUPT, message);
    }

    /** Called when the model ran out of tokens inside the span. */
    public void onLengthExhausted() {
        if (exit == ThinkingExit.NATURAL) {
            exit = ThinkingExit.LENGTH;
        }
    }

    public ThinkingExit exit() {
        return exit;
    }

    public int extensions() {
        return extensions;
    }

    private ThinkingDecision conclude(ThinkingExit reason) {
        exit = reason;
        return new ThinkingDecision.Conclude(reason, limits.conclusionMessage());
    }
}
