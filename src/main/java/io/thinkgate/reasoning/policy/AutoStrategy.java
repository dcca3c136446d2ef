package io.thinkgate.reasoning.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How {@code auto} estimates a request's difficulty. */
public enum AutoStrategy {
    /** Plain signals over the conversation: length, numbers and operators, code, multi-step cues, the question. */
    HEURISTIC,
    /** The thought model, or the main model with thinking off, rates the request. */
    PROBE,
    /** Models trained to choose for themselves. */
    MODEL,
    /** Answer without thinking, check the answer, and think only when the check fails. */
    CASCADE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AutoStrategy> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
