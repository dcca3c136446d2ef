package io.thinkgate.reasoning.policy;

/**
 * How hard a request looks, and why.
 *
 * @param score from 0 (answer at once) to 1 (think as long as allowed)
 * @param reason the signals behind the score, in words a person can read
 */
public record Difficulty(double score, String reason) {

    public Difficulty {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("a difficulty is between 0 and 1, got " + score);
        }
    }
}
