package io.thinkgate.generation;

/** What a caller asks of a running request's reasoning ("Are Large Reasoning Models Interruptible?"). */
public sealed interface Interrupt {

    String wireName();

    /** A hard interrupt: the reasoning ends at the next token and the model answers. */
    record AnswerNow() implements Interrupt {
        @Override
        public String wireName() {
            return "answer_now";
        }
    }

    /** A soft interrupt: at most {@code remainingTokens} more tokens of reasoning, then the forced conclusion. */
    record Hurry(int remainingTokens) implements Interrupt {
        @Override
        public String wireName() {
            return "hurry";
        }
    }

    /** New information from the user, placed into the reasoning at the next token; thinking goes on. */
    record Update(String text) implements Interrupt {
        @Override
        public String wireName() {
            return "update";
        }
    }
}
