package io.thinkgate.generation;

import io.thinkgate.engine.TokenLogprob;
import io.thinkgate.reasoning.budget.ThinkingExit;
import io.thinkgate.reasoning.control.ThinkingControl;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A finished completion.
 *
 * @param completionTokens tokens the model generated, reasoning included; injected text is not counted
 * @param injectedTokens tokens of text the gateway placed into the reasoning (forced conclusions, "Wait")
 * @param logprobs the log-probabilities of the answer's tokens, when the job asked for them
 * @param cutoff what ended the completion early, if anything: the deadline or the key's token budget
 * @param timeToFirstTokenNanos from arrival to the first generated token; -1 if none was generated
 * @param cachedPromptTokens prompt tokens the engine served from the slot's cache, where it says
 */
public record CompletionResult(FinishReason finishReason, int promptTokens, int completionTokens,
        int reasoningTokens, int injectedTokens, String reasoning, String content, List<TokenLogprob> logprobs,
        ThinkingControl control, ThinkingExit exit, int extensions, Optional<ThoughtsReport> thoughts, Cutoff cutoff,
        long timeToFirstTokenNanos, OptionalInt cachedPromptTokens) {

    /** Whether the request's deadline ended the completion. */
    public boolean timedOut() {
        return cutoff == Cutoff.DEADLINE;
    }

    /** Whether the API key's token budget ended the completion. */
    public boolean quotaExhausted() {
        return cutoff == Cutoff.QUOTA;
    }
}
