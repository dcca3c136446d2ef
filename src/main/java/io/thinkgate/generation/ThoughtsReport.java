package io.thinkgate.generation;

import io.thinkgate.reasoning.thoughts.ThoughtOutcome;
import io.thinkgate.reasoning.thoughts.ThoughtSource;

/**
 * What the thought phase did.
 *
 * @param text the thoughts as written, stop marker removed
 * @param tokens tokens the writer generated (0 for a client's thoughts)
 */
public record ThoughtsReport(ThoughtSource source, ThoughtOutcome outcome, String text, int tokens,
        long latencyMillis) {
}
