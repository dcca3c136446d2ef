package io.thinkgate.reasoning.control;

import io.thinkgate.reasoning.thoughts.ThoughtSource;

import java.util.Optional;
import java.util.OptionalInt;

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

    /**
     * ThoughtMani: a writer's short plan is placed in the span and the model answers from it, or thinks normally
     * when the writer gives up.
     *
     * @param text the caller's thoughts, for {@link ThoughtSource#CLIENT}
     * @param maxTokens the writer's token cap, overriding the configured one
     */
    record Thoughts(ThoughtSource source, Optional<String> text, OptionalInt maxTokens) implements ThinkingMode {
        @Override
        public String wireName() {
            return "thoughts";
        }
    }

    /**
     * The gateway decides, per request, which of the others runs and with what budget; it is replaced by that
     * decision before the request runs.
     *
     * @param strategy the strategy the request named ({@code thinkgate.auto.strategy}), or empty for the server's
     */
    record Auto(Optional<String> strategy) implements ThinkingMode {
        @Override
        public String wireName() {
            return "auto";
        }
    }

    ThinkingMode THINK = new Think();
    ThinkingMode NO_THINK = new NoThink();
}
