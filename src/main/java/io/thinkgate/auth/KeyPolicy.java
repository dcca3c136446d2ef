package io.thinkgate.auth;

import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.control.ThinkingMode;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one API key may ask of the model's thinking: the thinking modes it may use (none listed: all) and the
 * largest thinking budget (none: no cap). A mode the client asks for that the key may not use is refused; a mode
 * that only the server's default chose gives way to the key's first allowed one. A larger budget, or none, is
 * capped at the key's largest, and a minimum above that cap comes down to it.
 */
public record KeyPolicy(List<String> modes, OptionalInt maxBudgetTokens) {

    public static final KeyPolicy NONE = new KeyPolicy(List.of(), OptionalInt.empty());

    /** The modes a key file may name. */
    static final List<String> MODES = List.of("think", "no_think", "auto", "thoughts");

    /** A mode the key may not use. */
    public static final class ModeNotAllowed extends RuntimeException {
        public ModeNotAllowed(String message) {
            super(message);
        }
    }

    public KeyPolicy {
        modes = List.copyOf(modes);
    }

    /** The request's control before auto decides: its mode must be one the key may use. */
    public ThinkingControl admitMode(ThinkingControl control) {
        String mode = control.mode().wireName();
        if (modes.isEmpty() || modes.contains(mode)) {
            return control;
        }
        Optional<ThinkingMode> replacement = modes.stream().map(KeyPolicy::simpleMode).flatMap(Optional::stream)
                .findFirst();
        if (!"default".equals(control.source()) || replacement.isEmpty()) {
            throw new ModeNotAllowed("This API key may not use thinking mode '" + mode + "' (asked by "
                    + control.source() + "); it may use: " + String.join(", ", modes));
        }
        return new ThinkingControl(replacement.get(), control.source(), control.budgetTokens(), control.minTokens(),
                control.conclusionMessage(), control.loopBrake());
    }

    /** The control that runs, after auto decided: its budget within the key's largest. */
    public ThinkingControl capBudget(ThinkingControl control) {
        if (maxBudgetTokens.isEmpty() || control.mode() instanceof ThinkingMode.NoThink) {
            return control;
        }
        int cap = maxBudgetTokens.getAsInt();
        int budget = Math.min(control.budgetTokens().orElse(cap), cap);
        OptionalInt min = control.minTokens().isPresent()
                ? OptionalInt.of(Math.min(control.minTokens().getAsInt(), budget)) : OptionalInt.empty();
        return new ThinkingControl(control.mode(), control.source(), OptionalInt.of(budget), min,
                control.conclusionMessage(), control.loopBrake());
    }

    /** The modes that need nothing more than their name to stand in for the server's default. */
    private static Optional<ThinkingMode> simpleMode(String name) {
        return switch (name) {
            case "think" -> Optional.of(ThinkingMode.THINK);
            case "no_think" -> Optional.of(ThinkingMode.NO_THINK);
            case "auto" -> Optional.of(new ThinkingMode.Auto(Optional.empty()));
            default -> Optional.empty();
        };
    }
}
