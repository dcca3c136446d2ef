package io.thinkgate.reasoning.control;

/** Whether and how the model reasons for one request. */
public sealed interface ThinkingMode {

    String wireName();

    /** The model reasons in its own span, within the request's limits. */
    record Think() implements ThinkingMode {
        @Override
        public String wireName() {
            return "think";
        }
    }

    /** The span is closed in the prompt, so the model answers at once. */
    record NoThink() implements ThinkingMode {
        @Override
        public String wireName() {
            return "no_think";
        }
    }

    ThinkingMode THINK = new Think();
    ThinkingMode NO_THINK = new NoThink();
}
