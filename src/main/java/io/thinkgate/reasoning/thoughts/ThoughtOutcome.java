package io.thinkgate.reasoning.thoughts;

import java.util.Locale;

/** What became of the external thoughts. */
public enum ThoughtOutcome {
    /** Placed in the reasoning span; the main model answers from them. */
    INJECTED,
    /** The thought model judged the problem beyond it; the main model thinks normally. */
    STOP,
    /** The thoughts hit their token cap; by default the main model thinks normally. */
    OVERLONG,
    /** Nothing usable was written; the main model thinks normally. */
    EMPTY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean fallsBack() {
        return this != INJECTED;
    }
}
