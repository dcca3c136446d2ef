package io.thinkgate.reasoning.span;

/** Finds a marker that has only begun to arrive at the end of a stream's text. */
public final class PartialMatch {

    private PartialMatch() {
    }

    /** Length of the longest suffix of {@code text} that is a proper prefix of {@code marker}; 0 if none. */
    public static int suffixLength(CharSequence text, String marker) {
        String tail = text.toString();
        for (int length = Math.min(tail.length(), marker.length() - 1); length > 0; length--) {
            if (tail.regionMatches(tail.length() - length, marker, 0, length)) {
                return length;
            }
        }
        return 0;
    }
}
