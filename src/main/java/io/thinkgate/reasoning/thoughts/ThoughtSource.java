package io.thinkgate.reasoning.thoughts;

import java.util.Arrays;
import java.util.Optional;

/** Who writes the external thoughts of a ThoughtMani request. */
public enum ThoughtSource {
    /** The configured small thought model. */
    THOUGHT_MODEL("thought-model"),
    /** The main model itself, with its thinking turned off. */
    SELF("self"),
    /** The caller, in the request. */
    CLIENT("client");

    private final String wireName;

    ThoughtSource(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ThoughtSource> fromWire(String name) {
        return Arrays.stream(values()).filter(source -> source.wireName.equals(name)).findFirst();
    }
}
