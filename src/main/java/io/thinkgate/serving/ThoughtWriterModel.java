package io.thinkgate.serving;

import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.reasoning.profile.ReasoningProfile;

/** The small model that writes ThoughtMani thoughts; if it reasons itself, its thinking is closed in the prompt. */
public record ThoughtWriterModel(String id, InferenceEngine engine, ReasoningProfile profile) {
}
