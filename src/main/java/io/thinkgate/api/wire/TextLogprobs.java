package io.thinkgate.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * A legacy completion choice's {@code logprobs}: parallel lists, one element per token.
 *
 * @param topLogprobs for each token, its most likely alternatives by text
 * @param textOffset where each token starts in the choice's whole text
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TextLogprobs(List<String> tokens, List<Double> tokenLogprobs, List<Map<String, Double>> topLogprobs,
        List<Integer> textOffset) {
}
