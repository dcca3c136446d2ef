package io.thinkgate.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/chat/completions}: OpenAI's fields, plus the thinking controls of the other client
 * dialects. Fields with more than one accepted shape are kept as JSON and checked by the validator.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Double temperature,
        Double topP,
        Long seed,
        JsonNode stop,
        Boolean stream,
        StreamOptions streamOptions,
        ResponseFormat responseFormat,
        Integer n,
        JsonNode tools,
        JsonNode functions,
        Boolean logprobs,
        Integer topLogprobs,
        String reasoningEffort,
        ReasoningOptions reasoning,
        JsonNode thinking,
        Map<String, JsonNode> chatTemplateKwargs,
        Integer thinkingTokenBudget,
        Integer thinkingBudgetTokens,
        Integer reasoningBudgetTokens,
        String reasoningBudgetMessage,
        Integer maxThinkingTokens,
        JsonNode think,
        JsonNode thinkgate,
        String grammar) {

    /** OpenAI Responses-style {@code reasoning: {effort}}, also accepted on chat completions by several gateways. */
    public record ReasoningOptions(String effort) {
    }
}
