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

    public ThinkingGovernor(ThinkingLimits limits) {
        this.limits = limits;
        this.loopDetector = limits.loopBrake()
                .map(brake -> new LoopDetector(brake.minLength(), brake.maxLength(), brake.repeats()))
                .orElse(null);
    }

    /** Called after each generated token that stays inside the span; {@code reasoningTokens} includes it. */
    public ThinkingDecision onReasoningToken(int reasoningTokens, String piece) {
        if (limits.budgetTokens().isPresent() && reasoningTokens >= limits.budgetTokens().getAsInt()) {
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
