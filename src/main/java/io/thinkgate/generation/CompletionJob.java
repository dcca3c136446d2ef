package io.thinkgate.generation;

import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.reasoning.budget.ThinkingLimits;
import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.profile.ReasoningProfile;

import java.util.List;
import java.util.Optional;

/**
 * Everything needed to run one completion, already validated.
 *
 * @param prompt the rendered prompt, with any assistant prefix (closed span, injected thoughts) appended
 * @param spanProfile how to read the output: a prompt whose span is already closed is read as content only
 * @param maxTokens the most tokens the model may generate over all phases
 * @param answerGrammar a grammar for the answer only; the reasoning span is never constrained
 * @param stop strings that end the answer
 * @param topLogprobs alternatives to report with the answer's log-probabilities, or
 *                    {@link GenerationRequest#NO_LOGPROBS} when the client asked for none
 * @param reasoningModel whether the served model reasons, so that the thinking control applies
 * @param thoughts a ThoughtMani phase that runs first; when its thoughts are injected the span is closed around them
 * @param interrupts the mailbox of a request that opted in to interrupts
 * @param arrivalNanos {@link System#nanoTime()} when the request arrived
 * @param deadlineNanos {@link System#nanoTime()} past which the completion ends as if {@code max_tokens} ran out
 */
public record CompletionJob(String prompt, int promptTokens, boolean reasoningModel, ReasoningProfile spanProfile,
        int maxTokens,
        GenerationRequest.Sampling sampling, Optional<String> answerGrammar, List<String> stop,
        int topLogprobs, ThinkingControl control, ThinkingLimits limits, Optional<ThoughtsJob> thoughts,
        Optional<InterruptHandle> interrupts, long arrivalNanos, long deadlineNanos) {

    boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos >= 0;
    }
}
