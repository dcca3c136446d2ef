package io.thinkgate.reasoning.thoughts;

/**
 * Decides what to do with what a thought model wrote (ThoughtMani's difficulty-aware fallback): the stop marker
 * anywhere means the model gave up, hitting the token cap means the plan is unreliable, and blank text is no plan.
 */
public final class ThoughtClassifier {

    private final String stopMarker;
    private final boolean injectOverlong;

    /** @param injectOverlong whether thoughts cut off at their cap are still injected rather than dropped */
    public ThoughtClassifier(String stopMarker, boolean injectOverlong) {
        if (stopMarker.isBlank()) {
            throw new IllegalArgumentException("the stop marker must not be blank");
        }
        this.stopMarker = stopMarker;
        this.injectOverlong = injectOverlong;
    }

    public ThoughtOutcome classify(String thoughts, boolean reachedTokenCap) {
        if (thoughts.contains(stopMarker)) {
            return ThoughtOutcome.STOP;
        }
        if (reachedTokenCap && !injectOverlong) {
            return ThoughtOutcome.OVERLONG;
        }
        if (thoughts.isBlank()) {
            return ThoughtOutcome.EMPTY;
        }
        return ThoughtOutcome.INJECTED;
    }

    public String stopMarker() {
        return stopMarker;
    }
}
