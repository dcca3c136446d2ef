package io.thinkgate.generation;

import io.thinkgate.reasoning.span.PartialMatch;

import java.util.List;

/**
 * Applies a request's {@code stop} strings to the answer as it streams. Text that could be the start of a stop
 * string is held back until the next piece decides it; the stop string itself is never shown.
 */
final class StopSequences {

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopSequences(List<String> stops) {
        this.stops = List.copyOf(stops);
    }

    /** Returns the text that may be shown now; afterwards {@link #stopped()} tells whether a stop string matched. */
    String accept(String text) {
        if (stopped) {
            return "";
        }
        if (stops.isEmpty()) {
            return text;
        }
        held.append(text);
        String buffered = held.toString();
        int first = -1;
        for (String stop : stops) {
            int at = buffered.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            held.setLength(0);
            return buffered.substring(0, first);
        }
        int keep = 0;
        for (String stop : stops) {
            keep = Math.max(keep, PartialMatch.suffixLength(buffered, stop));
        }
        held.delete(0, buffered.length() - keep);
        return buffered.substring(0, buffered.length() - keep);
    }

    /** Releases what was held back once the model has stopped without completing a stop string. */
    String flush() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }

    boolean stopped() {
        return stopped;
    }
}
