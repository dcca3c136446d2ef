package io.thinkgate.generation;

import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.engine.TokenLogprob;
import io.thinkgate.engine.TokenStream;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs auto's {@code probe}: the probe model's rating of a request, greedy and constrained by a grammar to a rating,
 * with the first token's alternatives where the engine reports them. It holds a slot of the served model while it
 * runs, as the request will, so that probes queue (and are refused when the queue is full) like completions, and
 * a client that leaves takes its probe out of the queue or stops it.
 */
public final class DifficultyProbe {

    /** The most alternatives asked for: enough for every rating of a 1..9 scale and the likeliest other tokens. */
    static final int ALTERNATIVES = 20;
    private static final GenerationRequest.Sampling GREEDY = new GenerationRequest.Sampling(0, 1, OptionalLong.empty());

    /**
     * @param text what the probe model generated
     * @param firstTokenTop the alternatives at its first token, most likely first; empty where the engine reports none
     * @param tokens tokens generated
     */
    public record Outcome(String text, List<TokenLogprob> firstTokenTop, int tokens) {
    }

    private DifficultyProbe() {
    }

    /**
     * @param slots the served model's scheduler, whose slot the probe holds
     * @param maxTokens the probe's token cap (a rating is one token; a little more lets a model end it)
     */
    public static Outcome run(InferenceEngine engine, SlotScheduler slots, String prompt, String grammar,
            int maxTokens, Cancellation cancellation) {
        int top = engine.logprobs() ? ALTERNATIVES : GenerationRequest.NO_LOGPROBS;
        StringBuilder text = new StringBuilder();
        List<TokenLogprob> first = List.of();
        int tokens = 0;
        try (SlotScheduler.Lease ignored = slots.acquire(cancellation);
                TokenStream stream = engine.generate(new GenerationRequest(prompt, maxTokens, GREEDY, grammar, top));
                Cancellation.Registration stop = cancellation.onCancel(stream::close)) {
            Optional<String> piece;
            while ((piece = stream.next()).isPresent()) {
                if (cancellation.isCancelled()) {
                    throw new CancelledException();
                }
                if (tokens == 0 && !stream.lastPieceLogprobs().isEmpty()) {
                    first = stream.lastPieceLogprobs().get(0).top();
                }
                tokens += stream.lastPieceTokens();
                text.append(piece.get());
            }
        }
        if (cancellation.isCancelled()) {
            throw new CancelledException();
        }
        return new Outcome(text.toString(), first, tokens);
    }
}
