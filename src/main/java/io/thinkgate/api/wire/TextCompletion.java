package io.thinkgate.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * A legacy completion ({@code object: "text_completion"}), streamed or not.
 *
 * @param thinkgate present only when the request's deadline ended the reply
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
        ThinkGateReport thinkgate) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(int index, String text, TextLogprobs logprobs, String finishReason) {
    }
}
