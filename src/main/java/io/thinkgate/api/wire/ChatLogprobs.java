package io.thinkgate.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** A chat choice's {@code logprobs}: one entry per token of the answer; ThinkGate never refuses, so no refusal. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatLogprobs(List<Token> content, List<Token> refusal) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Token(String token, double logprob, List<Integer> bytes, List<Alternative> topLogprobs) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Alternative(String token, double logprob, List<Integer> bytes) {
    }
}
