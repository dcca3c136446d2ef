package io.thinkgate.engine;

import java.util.OptionalLong;

/**
 * One call into the engine: a fully rendered prompt and sampling settings. Stop sequences are not here: the
 * gateway applies them itself so that it can count every generated token.
 *
 * @param maxTokens the most tokens to generate in this call
 * @param grammar a GBNF grammar, or null for unconstrained sampling
 */
public record GenerationRequest(String prompt, int maxTokens, Sampling sampling, String grammar) {

    public record Sampling(double temperature, double topP, OptionalLong seed) {
    }
}
