package io.thinkgate.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * ThinkGate's account of how a reply's reasoning ran: what was asked (mode, source, limits) and what happened.
 *
 * @param source the request dialect that decided the mode, or {@code default}
 * @param injectedTokens tokens of text the gateway placed into the reasoning; not counted in usage
 * @param exit {@code natural}, {@code budget}, {@code loop} or {@code length}
 * @param thoughts the ThoughtMani phase, for requests in thoughts mode
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThinkGateReport(String mode, String source, Integer budgetTokens, Integer minTokens,
        int reasoningTokens, int injectedTokens, String exit, int extensions, Thoughts thoughts) {

    /**
     * @param outcome {@code injected}, {@code stop}, {@code overlong} or {@code empty}
     * @param tokens tokens the thought writer generated; not part of {@code usage}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Thoughts(String source, String outcome, int tokens, long latencyMs) {
    }
}
