package io.thinkgate.engine;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The tokens of one generation, pulled one at a time. Blocking; not thread-safe except {@link #close()}. */
public interface TokenStream extends AutoCloseable {

    /**
     * The text of the next sampled token, or empty once the model has stopped (end of sequence or max tokens).
     * A piece can be the empty string: the end-of-sequence token yields "" (it counts as a generated token, as in
     * llama.cpp) just before the stream ends. llama.cpp holds back a token that ends inside a UTF-8 character and
     * sends it together with the next one, so such tokens give one piece for two tokens.
     */
    Optional<String> next();

    /**
     * How many sampled tokens the last piece from {@link #next()} stands for: 1, or more for a merged character; 0
     * only where an engine that cannot see token ids would otherwise count past the request's {@code maxTokens}.
     */
    int lastPieceTokens();

    /**
     * The log-probabilities of the tokens of the last piece, when the request asked for them; else empty.
     */
    default List<TokenLogprob> lastPieceLogprobs() {
        return List.of();
    }

    /**
     * How many of the prompt's tokens the engine served from the slot's cache (a prefix it had already computed),
     * once it has said so; empty where it doesn't (the embedded engine never does).
     */
    default OptionalInt cachedPromptTokens() {
        return OptionalInt.empty();
    }

    /** Cancels the generation if it is still running and frees its slot. Safe to call from any thread, repeatedly. */
    @Override
    void close();
}
