package io.thinkgate.reasoning.budget;

import java.util.Arrays;

/**
 * Notices a reasoning loop: the same run of at least {@code minLength} tokens, {@code repeats} times in a row at the
 * end of the reasoning. Tokens are compared by their text.
 */
public final class LoopDetector {

    private final int minLength;
    private final int maxLength;
    private final int repeats;
    private final String[] tail;
    private int size;

    public LoopDetector(int minLength, int maxLength, int repeats) {
        if (minLength < 1 || maxLength < minLength || repeats < 2) {
            throw new IllegalArgumentException("need 1 <= minLength <= maxLength and repeats >= 2");
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.repeats = repeats;
        this.tail = new String[maxLength * repeats * 2];
    }

    /** Adds one token and tells whether the reasoning now ends in a loop. */
    public boolean add(String piece) {
        if (size == tail.length) {
            int keep = maxLength * repeats;
            System.arraycopy(tail, size - keep, tail, 0, keep);
            size = keep;
        }
        tail[size++] = piece;
        return endsInLoop();
    }

    private boolean endsInLoop() {
        for (int length = minLength; length <= maxLength && length * repeats <= size; length++) {
            if (repeatsAtEnd(length)) {
                return true;
            }
        }
        return false;
    }

    private boolean repeatsAtEnd(int length) {
        int last = size - length;
        for (int block = 1; block < repeats; block++) {
            int start = size - (block + 1) * length;
            if (!Arrays.equals(tail, start, start + length, tail, last, last + length)) {
                return false;
            }
        }
        return true;
    }
}
