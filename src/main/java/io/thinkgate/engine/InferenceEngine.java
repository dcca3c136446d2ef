package io.thinkgate.engine;

import java.util.List;

/**
 * A loaded model that renders chat prompts, tokenizes and streams tokens. The llama.cpp JNI binding is one
 * implementation; a remote llama-server could be another.
 */
public interface InferenceEngine extends AutoCloseable {

    ModelInfo info();

    /** Renders the conversation with the model's own chat template, ending with the assistant's generation prefix. */
    String renderChat(List<ChatTurn> turns);

    int[] tokenize(String text);

    /**
     * Starts generating. The returned stream yields one piece per sampled token and must be closed (or drained);
     * closing it early cancels the generation and frees the slot.
     */
    TokenStream generate(GenerationRequest request);

    @Override
    void close();
}
