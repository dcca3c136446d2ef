package io.thinkgate.api.wire;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.thinkgate.generation.CompletionResult;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Usage(int promptTokens, int completionTokens, int totalTokens, CompletionTokensDetails completionTokensDetails) {

    public static Usage of(CompletionResult result) {
        return new Usage(result.promptTokens(), result.completionTokens(),
                result.promptTokens() + result.completionTokens(),
                new CompletionTokensDetails(result.reasoningTokens()));
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CompletionTokensDetails(int reasoningTokens) {
    }
}
