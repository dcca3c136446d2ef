package io.thinkgate.generation;

/** Receives a completion's text as it is produced, in order: reasoning first, then content. */
public interface GenerationListener {

    void onReasoning(String text);

    void onContent(String text);

    GenerationListener IGNORE = new GenerationListener() {
        @Override
        public void onReasoning(String text) {
        }

        @Override
        public void onContent(String text) {
        }
    };
}
