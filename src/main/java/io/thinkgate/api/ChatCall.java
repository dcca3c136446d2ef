package io.thinkgate.api;

import io.thinkgate.generation.CompletionJob;
import io.thinkgate.reasoning.policy.AutoDecision;
import io.thinkgate.serving.ServedModel;

import java.util.Optional;

/**
 * A validated chat completion request, ready to run.
 *
 * @param decision what auto decided, when the request was in auto mode
 */
record ChatCall(ServedModel model, CompletionJob job, boolean stream, boolean includeUsage,
        Optional<AutoDecision> decision) {
}
