package io.thinkgate.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * ThinkGate's account of how a reply's reasoning ran: what was asked (mode, source, limits) and what happened.
 *
 * @param source the request dialect that decided the mode, or {@code default}
 * @param injectedTokens tokens of text the gateway placed into the reasoning; not counted in usage
 * @param exit {@code natural}, {@code budget}, {@code loop} or {@code length}
 * @param thoughts the ThoughtMani phase, for requests in thoughts mode
 * @param timedOut true when the request's deadline ({@code thinkgate.request.timeout}) ended the reply; absent
 *     otherwise
 * @param quotaExhausted true when the API key's token budget ({@code budget=N/period}) ran out and ended the
 *     reply; absent otherwise
 * @param decision what auto decided, for requests in auto mode
 * @param interrupts the interrupts applied to the reasoning, in order; absent when there were none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThinkGateReport(String mode, String source, Integer budgetTokens, Integer minTokens,
        Integer reasoningTokens, Integer injectedTokens, String exit, Integer extensions, Thoughts thoughts,
        Boolean timedOut, Boolean quotaExhausted, Decision decision, List<AppliedInterrupt> interrupts) {

    /**
     * The report of a reply that has no reasoning to account for: it says only whether the deadline or the key's
     * budget ended it and what auto decided; null when none applies.
     */
    public static ThinkGateReport withoutReasoning(boolean timedOut, boolean quotaExhausted, Decision decision) {
        return timedOut || quotaExhausted || decision != null ? new ThinkGateReport(null, null, null, null, null, null,
                null, null, null, trueOrNull(timedOut), trueOrNull(quotaExhausted), decision, null) : null;
    }

    /** A flag as the report writes it: present when true, absent otherwise. */
    public static Boolean trueOrNull(boolean flag) {
        return flag ? Boolean.TRUE : null;
    }

    /**
     * @param difficulty the estimate from 0 to 1; absent when nothing was estimated
     * @param chosen the mode that ran
     * @param budgetTokens the budget auto gave the reasoning, when it chose to think
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Decision(String strategy, Double difficulty, String chosen, Integer budgetTokens, String reason,
            Cost cost) {
    }

    /**
     * One interrupt as it took effect.
     *
     * @param atReasoningTokens the reasoning tokens before it took effect
     * @param remainingTokens the new remaining budget, for {@code hurry}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AppliedInterrupt(String action, int atReasoningTokens, Integer remainingTokens) {
    }

    /** What deciding cost: tokens generated for it (0 for the heuristic) and milliseconds. */
    public record Cost(int tokens, double ms) {
    }

    /**
     * @param outcome {@code injected}, {@code stop}, {@code overlong} or {@code empty}
     * @param tokens tokens the thought writer generated; not part of {@code usage}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Thoughts(String source, String outcome, int tokens, long latencyMs) {
    }
}
