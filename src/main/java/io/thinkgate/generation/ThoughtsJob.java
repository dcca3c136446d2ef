package io.thinkgate.generation;

import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.reasoning.thoughts.ThoughtClassifier;
import io.thinkgate.reasoning.thoughts.ThoughtSource;

import java.util.Optional;

/**
 * The first phase of a ThoughtMani request: who writes the thoughts and how.
 *
 * @param writer the engine that writes them, empty for {@link ThoughtSource#CLIENT}
 * @param writerPrompt the writer's rendered prompt (instruction and conversation, thinking closed)
 * @param clientText the caller's thoughts, for {@link ThoughtSource#CLIENT}
 */
public record ThoughtsJob(ThoughtSource source, Optional<InferenceEngine> writer, String writerPrompt,
        Optional<String> clientText, int maxTokens, ThoughtClassifier classifier) {
}
