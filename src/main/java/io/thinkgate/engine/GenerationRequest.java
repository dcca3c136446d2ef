package io.thinkgate.engine;

import java.util.OptionalLong;

/**
 * One call into the engine: a fully rendered prompt and sampling settings. Stop sequences are not here: the
 * gateway applies them itself so that it can count every generated token.
 *
 * @param maxTokens the most tokens to generate in this call
 * @param grammar a GBNF grammar, or null for unconstrained sampling
 * @param topLogprobs how many alternatives to report with each token's log-probability; {@link #NO_LOGPROBS} for
 *                    none at all (only engines that {@linkplain InferenceEngine#logprobs() report them} take more)
 */
public record GenerationRequest(String prompt, int maxTokens, Sampling sampling, String grammar, int topLogprobs) {

    public static final int NO_LOGPROBS = -1;

    public GenerationRequest(String prompt, int maxTokens, Sampling sampling, String grammar) {
        this(prompt, maxTokens, sampling, grammar, NO_LOGPROBS);
    }

    public record Sampling(double temperature, double topP, OptionalLong seed) {
    }
}
