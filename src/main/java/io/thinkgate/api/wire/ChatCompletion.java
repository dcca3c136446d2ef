package io.thinkgate.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** A non-streamed chat completion ({@code object: "chat.completion"}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
        ThinkGateReport thinkgate) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(int index, AssistantMessage message, ChatLogprobs logprobs, String finishReason) {
    }

    /** {@code reasoning} mirrors {@code reasoning_content} for vLLM and Ollama clients. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AssistantMessage(String role, String content, String reasoningContent, String reasoning) {
    }
}
