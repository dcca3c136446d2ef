package io.thinkgate.reasoning.budget;

/** What the gateway does next with a generation, decided token by token. */
public sealed interface ThinkingDecision {

    /** Let the model go on. */
    record Proceed() implements ThinkingDecision {
    }

    /** Stop the model and continue from the reasoning so far plus {@code message}, which closes the span. */
    record Conclude(ThinkingExit exit, String message) implements ThinkingDecision {
    }

    /** Drop the close marker the model just wrote and continue from the reasoning plus {@code message}. */
    record Extend(String message) implements ThinkingDecision {
    }

    ThinkingDecision PROCEED = new Proceed();
}
