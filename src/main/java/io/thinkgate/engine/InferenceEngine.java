package io.thinkgate.engine;

import java.util.List;
import java.util.Map;

/**
 * A loaded model that renders chat prompts, tokenizes and streams tokens: the llama.cpp JNI binding
 * ({@code llama/}), or a llama-server over its HTTP API ({@code server/}).
 */
public interface InferenceEngine extends AutoCloseable {

    ModelInfo info();

    /** Whether the engine can take requests now; a remote one that is down or restarting is not. */
    default boolean healthy() {
        return true;
    }

    /** Whether {@link GenerationRequest#topLogprobs()} is honoured: the tokens' log-probabilities are reported. */
    default boolean logprobs() {
        return false;
    }

    /** Renders the conversation with the model's own chat template, ending with the assistant's generation prefix. */
    String renderChat(List<ChatTurn> turns);

    /**
     * Renders as {@link #renderChat(List)}, with values for the template's variables (a request's
     * {@code chat_template_kwargs}) where the engine can pass them; others render without them.
     */
    default String renderChat(List<ChatTurn> turns, Map<String, Object> templateKwargs) {
        return renderChat(turns);
    }

    /** Whether {@link #renderChat(List, Map)} passes the values to the template. */
    default boolean templateKwargs() {
        return false;
    }

    int[] tokenize(String text);

    /**
     * Starts generating. The returned stream yields one piece per sampled token and must be closed (or drained);
     * closing it early cancels the generation and frees the slot.
     */
    TokenStream generate(GenerationRequest request);

    @Override
    void close();
}
