package io.thinkgate.generation;

import io.thinkgate.engine.TokenLogprob;

import java.util.List;

/** Receives a completion's text as it is produced, in order: reasoning first, then content. */
public interface GenerationListener {

    void onReasoning(String text);

    /**
     * @param logprobs the log-probabilities of the tokens that produced this text, when the job asked for them; a
     *                 token whose text is held back (it may start a stop sequence) comes with the text that follows
     */
    void onContent(String text, List<TokenLogprob> logprobs);

    GenerationListener IGNORE = new GenerationListener() {
        @Override
        public void onReasoning(String text) {
        }

        @Override
        public void onContent(String text, List<TokenLogprob> logprobs) {
        }
    };
}
