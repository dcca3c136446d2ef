package io.thinkgate.serving;

import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.generation.SlotScheduler;
import io.thinkgate.reasoning.profile.ReasoningProfile;

import java.util.List;

/**
 * A loaded model as the API serves it.
 *
 * @param demo whether this is the built-in synthetic demo model rather than a real language model
 */
public record ServedModel(String id, List<String> aliases, InferenceEngine engine, ReasoningProfile profile,
        SlotScheduler scheduler, boolean demo, long createdEpochSeconds) {

    public boolean answersTo(String name) {
        return id.equals(name) || aliases.contains(name);
    }
}
