package io.thinkgate.reasoning.control;

import io.thinkgate.reasoning.budget.ThinkingLimits;
import io.thinkgate.reasoning.profile.ReasoningProfile;

import java.util.Map;
import java.util.Optional;

/** Turns a request's thinking control into the prefix, parser profile and limits that enforce it. */
public final class ThinkingPlanner {

    /** Qwen3's template switch: false renders the span closed, as no_think needs. */
    public static final String ENABLE_THINKING = "enable_thinking";

    private final ThinkingDefaults defaults;

    public ThinkingPlanner(ThinkingDefaults defaults) {
        this.defaults = defaults;
    }

    public ThinkingPlan plan(ReasoningProfile profile, ThinkingControl control) {
        if (control.mode() instanceof ThinkingMode.Auto) {
            throw new IllegalArgumentException("auto is decided before a request is planned");
        }
        ThinkingLimits limits = new ThinkingLimits(control.budgetTokens(), control.minTokens(),
                control.conclusionMessage().map(message -> closing(profile, message))
                        .orElse(defaults.conclusionMessage()), defaults.extensionMessage(),
                defaults.maxExtensions(), control.loopBrake()
                        .map(on -> on ? Optional.of(defaults.loopBrakeShape())
                                : Optional.<ThinkingLimits.LoopBrake>empty())
                        .orElse(defaults.loopBrake()));
        if (!profile.reasoning()) {
            return new ThinkingPlan("", profile, limits);
        }
        boolean thinking = !(control.mode() instanceof ThinkingMode.NoThink);
        if (profile.thinkingSwitch()) {
            // The template says itself whether the model thinks; told so every time, since a server that renders
            // it may otherwise pick for itself (llama-server's auto mode turned thinking off).
            Map<String, Object> kwargs = Map.of(ENABLE_THINKING, thinking);
            return thinking ? new ThinkingPlan("", profile, limits, kwargs)
                    : new ThinkingPlan("", ReasoningProfile.none(), limits, kwargs);
        }
        if (!thinking) {
            return new ThinkingPlan(profile.noThinkingPrefix(), ReasoningProfile.none(), limits);
        }
        return new ThinkingPlan("", profile, limits);
    }

    /** A client's conclusion message is placed before the close marker, as llama.cpp's reasoning_budget_message is. */
    private static String closing(ReasoningProfile profile, String message) {
        return message.contains(profile.closeMarker()) ? message : message + "\n" + profile.closeMarker() + "\n\n";
    }
}
