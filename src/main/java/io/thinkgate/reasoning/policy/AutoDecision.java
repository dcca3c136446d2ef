package io.thinkgate.reasoning.policy;

import io.thinkgate.reasoning.control.ThinkingMode;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What {@code auto} decided for one request, and what deciding cost.
 *
 * @param difficulty the estimate, empty when nothing was estimated (a model that does not reason)
 * @param chosen the mode that runs: {@code no_think}, {@code thoughts} or {@code think}
 * @param budgetTokens the reasoning budget, for {@code think}
 * @param costTokens tokens generated to decide (0 for the heuristic)
 * @param costNanos time taken to decide
 */
public record AutoDecision(String strategy, OptionalDouble difficulty, String chosen, OptionalInt budgetTokens,
        String reason, int costTokens, long costNanos) {

    private static final String THINK = ThinkingMode.THINK.wireName();

    /** The same decision with another choice and reason: what the model chose, for the {@code model} strategy. */
    public AutoDecision choosing(String modeChosen, String why) {
        return new AutoDecision(strategy, difficulty, modeChosen, modeChosen.equals(THINK) ? budgetTokens
                : OptionalInt.empty(), why, costTokens, costNanos);
    }
}
