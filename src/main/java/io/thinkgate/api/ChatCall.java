package io.thinkgate.api;

import io.thinkgate.generation.CompletionJob;
import io.thinkgate.serving.ServedModel;

/** A validated chat completion request, ready to run. */
record ChatCall(ServedModel model, CompletionJob job, boolean stream, boolean includeUsage) {
}
