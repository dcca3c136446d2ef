package io.thinkgate.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The body of {@code POST /v1/completions}: a raw prompt, continued as is. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CompletionRequest(
        String model,
        JsonNode prompt,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Long seed,
        JsonNode stop,
        Boolean stream,
        StreamOptions streamOptions,
        Integer n,
        Integer bestOf,
        Integer logprobs,
        Boolean echo,
        String suffix,
        String grammar) {
}
