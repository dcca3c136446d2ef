package io.thinkgate.api.wire;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Usage(int promptTokens, int completionTokens, int totalTokens, CompletionTokensDetails completionTokensDetails) {

    public static Usage of(int promptTokens, int completionTokens, int reasoningTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens,
                new CompletionTokensDetails(reasoningTokens));
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CompletionTokensDetails(int reasoningTokens) {
    }
}
