package io.thinkgate.reasoning.control;

import io.thinkgate.reasoning.budget.ThinkingLimits;
import io.thinkgate.reasoning.profile.ReasoningProfile;

import java.util.Map;

/**
 * How one request's reasoning will run.
 *
 * @param assistantPrefix text appended to the rendered prompt (a closed span for no-think), possibly empty
 * @param spanProfile how to read the output; after a closed span it is all content
 * @param templateKwargs values for the chat template (Qwen3's {@code enable_thinking}), on engines that render them
 */
public record ThinkingPlan(String assistantPrefix, ReasoningProfile spanProfile, ThinkingLimits limits,
        Map<String, Object> templateKwargs) {

    public ThinkingPlan {
        templateKwargs = Map.copyOf(templateKwargs);
    }

    public ThinkingPlan(String assistantPrefix, ReasoningProfile spanProfile, ThinkingLimits limits) {
        this(assistantPrefix, spanProfile, limits, Map.of());
    }
}
