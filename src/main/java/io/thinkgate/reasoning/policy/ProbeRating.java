package io.thinkgate.reasoning.policy;

import io.thinkgate.engine.TokenLogprob;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code probe} strategy's reading of a model's self-rated difficulty, "Language Models (Mostly) Know What They
 * Know" style: a rating from 1 (answer at once) to {@code scale}, which a grammar makes the model's only possible
 * output. Where the engine reports the first token's alternatives, the difficulty is the expected rating over the
 * rating tokens (each weighted by its probability, renormalised over those that are ratings), not the one sample;
 * otherwise it is the sampled rating. Either maps linearly onto [0, 1].
 */
public final class ProbeRating {

    private final int scale;

    public ProbeRating(int scale) {
        if (scale < 2 || scale > 9) {
            throw new IllegalArgumentException("the probe's rating scale runs from 1 to 2..9, got " + scale);
        }
        this.scale = scale;
    }

    public int scale() {
        return scale;
    }

    /** The GBNF grammar whose only sentences are the ratings. */
    public String grammar() {
        return "root ::= [1-" + scale + "]";
    }

    /**
     * @param text what the probe generated
     * @param firstTokenTop the alternatives at the probe's first token, most likely first; empty if not reported
     * @return the difficulty, or empty when the output is not a rating (then the caller falls back)
     */
    public Optional<Difficulty> read(String text, List<TokenLogprob> firstTokenTop) {
        double weight = 0;
        double sum = 0;
        for (TokenLogprob alternative : firstTokenTop) {
            int rating = rating(alternative.token());
            if (rating > 0 && Double.isFinite(alternative.logprob())) {
                double p = Math.exp(alternative.logprob());
                weight += p;
                sum += p * rating;
            }
        }
        if (weight > 0) {
            double expected = sum / weight;
            return Optional.of(new Difficulty(score(expected), String.format(Locale.ROOT,
                    "the probe's expected rating is %.2f of %d, over the rating tokens' probabilities", expected,
                    scale)));
        }
        int rating = rating(text);
        return rating > 0 ? Optional.of(new Difficulty(score(rating), "the probe rated it " + rating + " of " + scale))
                : Optional.empty();
    }

    /** The rating a token or output stands for (a lone digit 1..scale, spaces around it allowed), else 0. */
    private int rating(String text) {
        String t = text.strip();
        if (t.length() != 1) {
            return 0;
        }
        int digit = t.charAt(0) - '0';
        return digit >= 1 && digit <= scale ? digit : 0;
    }

    private double score(double rating) {
        return Math.min(1, Math.max(0, (rating - 1) / (scale - 1)));
    }
}
