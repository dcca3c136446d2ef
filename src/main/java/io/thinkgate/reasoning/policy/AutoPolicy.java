package io.thinkgate.reasoning.policy;

import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.thoughts.ThoughtSource;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns a difficulty into {@code auto}'s decision: no thinking below one threshold, ThoughtMani's thoughts below
 * the next when a thought model is configured, and above them thinking within a budget that grows with the
 * difficulty, as Plan-and-Budget sizes it: from {@code minBudget} just past the no-thinking threshold to
 * {@code maxBudget} at 1, along {@code ((d - noThinkBelow) / (1 - noThinkBelow))^exponent}.
 */
public final class AutoPolicy {

    public record Settings(double noThinkBelow, double thoughtsBelow, int minBudget, int maxBudget,
            double budgetExponent) {

        public Settings {
            if (!(noThinkBelow >= 0 && noThinkBelow <= thoughtsBelow && thoughtsBelow <= 1)) {
                throw new IllegalArgumentException("auto thresholds must satisfy 0 <= no-think-below <= "
                        + "thoughts-below <= 1, got " + noThinkBelow + " and " + thoughtsBelow);
            }
            if (minBudget < 1 || maxBudget < minBudget) {
                throw new IllegalArgumentException("auto budgets must satisfy 1 <= min-budget <= max-budget, got "
                        + minBudget + " and " + maxBudget);
            }
            if (!(budgetExponent > 0)) {
                throw new IllegalArgumentException("the auto budget exponent must be positive, got " + budgetExponent);
            }
        }
    }

    /** What auto chose: the mode to run, and for thinking its budget. */
    public record Choice(ThinkingMode mode, OptionalInt budgetTokens) {
    }

    private final Settings settings;

    public AutoPolicy(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param thoughtWriter who writes thoughts, when a thought model is configured
     * @param maxTokens the request's cap on generated tokens, which bounds the budget
     */
    public Choice choose(Difficulty difficulty, Optional<ThoughtSource> thoughtWriter, OptionalInt maxTokens) {
        double d = difficulty.score();
        if (d < settings.noThinkBelow()) {
            return new Choice(ThinkingMode.NO_THINK, OptionalInt.empty());
        }
        if (thoughtWriter.isPresent() && d < settings.thoughtsBelow()) {
            return new Choice(new ThinkingMode.Thoughts(thoughtWriter.get(), Optional.empty(), OptionalInt.empty()),
                    OptionalInt.empty());
        }
        double span = 1 - settings.noThinkBelow();
        double position = span <= 0 ? 1 : (d - settings.noThinkBelow()) / span;
        long budget = Math.round(settings.minBudget()
                + (settings.maxBudget() - settings.minBudget()) * Math.pow(position, settings.budgetExponent()));
        if (maxTokens.isPresent()) {
            budget = Math.min(budget, maxTokens.getAsInt());
        }
        return new Choice(ThinkingMode.THINK, OptionalInt.of((int) Math.max(1, budget)));
    }
}
