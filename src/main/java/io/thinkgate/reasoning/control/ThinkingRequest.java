package io.thinkgate.reasoning.control;

import java.util.Map;

/**
 * The thinking fields of a request, in every dialect clients send, as plain values (null when absent). Fields whose
 * type varies by dialect ({@code think}, {@code enable_thinking}) are kept as sent: Boolean, String or Number.
 *
 * @param reasoningEffort OpenAI {@code reasoning_effort}
 * @param reasoningObjectEffort OpenAI {@code reasoning.effort}
 * @param anthropicThinking Anthropic {@code thinking: {type, budget_tokens}}
 * @param enableThinking vLLM/Qwen {@code chat_template_kwargs.enable_thinking}
 * @param templateThinkingBudget Qwen {@code chat_template_kwargs.thinking_budget}
 * @param thinkingTokenBudget vLLM {@code thinking_token_budget}
 * @param thinkingBudgetTokens llama.cpp {@code thinking_budget_tokens}
 * @param reasoningBudgetTokens llama.cpp {@code reasoning_budget_tokens}
 * @param reasoningBudgetMessage llama.cpp {@code reasoning_budget_message}
 * @param maxThinkingTokens SGLang and NIM {@code max_thinking_tokens}
 * @param ollamaThink Ollama {@code think}: a boolean or a level
 * @param thinkgate ThinkGate's own {@code thinkgate} object
 */
public record ThinkingRequest(Object reasoningEffort, Object reasoningObjectEffort, Map<String, Object> anthropicThinking,
        Object enableThinking, Object templateThinkingBudget, Object thinkingTokenBudget, Object thinkingBudgetTokens,
        Object reasoningBudgetTokens, Object reasoningBudgetMessage, Object maxThinkingTokens, Object ollamaThink,
        Map<String, Object> thinkgate) {

    public static ThinkingRequest empty() {
        return new ThinkingRequest(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
