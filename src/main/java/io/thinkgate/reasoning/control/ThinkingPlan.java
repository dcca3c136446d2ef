package io.thinkgate.reasoning.control;

import io.thinkgate.reasoning.budget.ThinkingLimits;
import io.thinkgate.reasoning.profile.ReasoningProfile;

/**
 * How one request's reasoning will run.
 *
 * @param assistantPrefix text appended to the rendered prompt (a closed span for no-think), possibly empty
 * @param spanProfile how to read the output; after a closed span it is all content
 */
public record ThinkingPlan(String assistantPrefix, ReasoningProfile spanProfile, ThinkingLimits limits) {
}
