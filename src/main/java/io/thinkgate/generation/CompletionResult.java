package io.thinkgate.generation;

import io.thinkgate.engine.TokenLogprob;
import io.thinkgate.reasoning.budget.ThinkingExit;
import io.thinkgate.reasoning.control.ThinkingControl;

import java.util.List;
import java.util.Optional;

/**
 * A finished completion.
 *
 * @param completionTokens tokens the model generated, reasoning included; injected text is not counted
 * @param injectedTokens tokens of text the gateway placed into the reasoning (forced conclusions, "Wait")
 * @param logprobs the log-probabilities of the answer's tokens, when the job asked for them
 * @param timedOut whether the request's deadline ended the completion (its finish reason is then length)
 * @param timeToFirstTokenNanos from arrival to the first generated token; -1 if none was generated
 */
public record CompletionResult(FinishReason finishReason, int promptTokens, int completionTokens,
        int reasoningTokens, int injectedTokens, String reasoning, String content, List<TokenLogprob> logprobs,
        ThinkingControl control, ThinkingExit exit, int extensions, Optional<ThoughtsReport> thoughts, boolean timedOut,
        long timeToFirstTokenNanos) {
}
