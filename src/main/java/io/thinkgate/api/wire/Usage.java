package io.thinkgate.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.thinkgate.generation.CompletionResult;

/** OpenAI's usage; {@code prompt_tokens_details} only where the engine says what its cache served. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(int promptTokens, int completionTokens, int totalTokens, PromptTokensDetails promptTokensDetails,
        CompletionTokensDetails completionTokensDetails) {

    public static Usage of(CompletionResult result) {
        return new Usage(result.promptTokens(), result.completionTokens(),
                result.promptTokens() + result.completionTokens(),
                result.cachedPromptTokens().isPresent()
                        ? new PromptTokensDetails(result.cachedPromptTokens().getAsInt()) : null,
                new CompletionTokensDetails(result.reasoningTokens()));
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PromptTokensDetails(int cachedTokens) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CompletionTokensDetails(int reasoningTokens) {
    }
}
