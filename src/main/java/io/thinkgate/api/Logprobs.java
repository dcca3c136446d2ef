package io.thinkgate.api;

import io.thinkgate.api.wire.ChatLogprobs;
import io.thinkgate.api.wire.TextLogprobs;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.engine.TokenLogprob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code logprobs} of requests and replies, in OpenAI's chat and legacy completion shapes. */
final class Logprobs {

    /** OpenAI's limits: {@code top_logprobs} of a chat request, {@code logprobs} of a legacy completion. */
    static final int MAX_CHAT_ALTERNATIVES = 20;
    static final int MAX_TEXT_ALTERNATIVES = 5;

    private Logprobs() {
    }

    /**
     * The alternatives a request asks for, or {@link GenerationRequest#NO_LOGPROBS}.
     *
     * @param param the field that turns logprobs on, named in the errors
     */
    static int requested(boolean wanted, Integer alternatives, String param, String alternativesParam, int max,
            InferenceEngine engine) {
        if (alternatives != null && (alternatives < 0 || alternatives > max)) {
            throw ApiException.invalid(alternativesParam, "'" + alternativesParam + "' must be between 0 and " + max
                    + ", got " + alternatives);
        }
        if (!wanted) {
            return GenerationRequest.NO_LOGPROBS;
        }
        if (!engine.logprobs()) {
            throw ApiException.unsupported(param, "This engine does not report log-probabilities: the embedded "
                    + "llama.cpp binding has no access to them. Run ThinkGate with thinkgate.engine.kind=llama-server.");
        }
        return alternatives == null ? 0 : alternatives;
    }

    static ChatLogprobs chat(List<TokenLogprob> tokens) {
        List<ChatLogprobs.Token> content = new ArrayList<>(tokens.size());
        for (TokenLogprob token : tokens) {
            content.add(new ChatLogprobs.Token(token.token(), token.logprob(), token.bytes(), token.top().stream()
                    .map(top -> new ChatLogprobs.Alternative(top.token(), top.logprob(), top.bytes())).toList()));
        }
        return new ChatLogprobs(content, null);
    }

    /** @param offset where the first token starts in the choice's whole text */
    static TextLogprobs text(List<TokenLogprob> tokens, int offset) {
        List<String> texts = new ArrayList<>(tokens.size());
        List<Double> values = new ArrayList<>(tokens.size());
        List<Map<String, Double>> tops = new ArrayList<>(tokens.size());
        List<Integer> offsets = new ArrayList<>(tokens.size());
        int at = offset;
        for (TokenLogprob token : tokens) {
            texts.add(token.token());
            values.add(token.logprob());
            Map<String, Double> top = new LinkedHashMap<>();
            token.top().forEach(alternative -> top.putIfAbsent(alternative.token(), alternative.logprob()));
            tops.add(top);
            offsets.add(at);
            at += token.token().length();
        }
        return new TextLogprobs(texts, values, tops, offsets);
    }
}
