package io.thinkgate.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.engine.EngineUnavailableException;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.TokenLogprob;
import io.thinkgate.engine.TokenStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The server-sent events of one streamed {@code /completion}, one piece per event. Each event carries the ids of the
 * tokens it stands for, so the count is exact; the end-of-sequence token comes as an event with empty text, the
 * empty piece that {@link TokenStream} promises. The request is sent on the first {@link #next()}, so a stream
 * closed before that costs nothing.
 */
final class CompletionStream implements TokenStream {

    private final Supplier<InputStream> open;
    private final int topLogprobs;
    /** The connection's body; closing it unblocks a read in progress, which closing {@link #events} would wait for. */
    private InputStream body;
    private BufferedReader events;
    private boolean closed;
    private boolean finished;
    private int lastPieceTokens;
    private List<TokenLogprob> lastPieceLogprobs = List.of();
    private OptionalInt cachedPromptTokens = OptionalInt.empty();

    /** @param topLogprobs alternatives to keep per token, or {@link GenerationRequest#NO_LOGPROBS} */
    CompletionStream(Supplier<InputStream> open, int topLogprobs) {
        this.open = open;
        this.topLogprobs = topLogprobs;
    }

    @Override
    public Optional<String> next() {
        synchronized (this) {
            if (closed || finished) {
                return Optional.empty();
            }
        }
        try {
            if (events == null) {
                InputStream opened = open.get();
                synchronized (this) {
                    if (closed) {
                        opened.close();
                        return Optional.empty();
                    }
                    body = opened;
                    events = new BufferedReader(new InputStreamReader(opened, StandardCharsets.UTF_8));
                }
            }
            return nextEvent();
        } catch (IOException e) {
            synchronized (this) {
                if (closed) {
                    return Optional.empty();
                }
            }
            throw new EngineUnavailableException("llama-server dropped the stream: " + e, e);
        }
    }

    private Optional<String> nextEvent() throws IOException {
        String line;
        while ((line = events.readLine()) != null) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            JsonNode event = LlamaServerClient.mapper().readTree(line.substring("data: ".length()));
            if (event.has("error")) {
                throw new IllegalStateException("llama-server failed the completion: "
                        + event.path("error").path("message").asText(event.toString()));
            }
            JsonNode cached = event.path("timings").path("cache_n");
            if (cached.isInt() && cachedPromptTokens.isEmpty()) {
                cachedPromptTokens = OptionalInt.of(cached.asInt());
            }
            int tokens = event.path("tokens").size();
            String content = event.path("content").asText("");
            boolean last = event.path("stop").asBoolean(false);
            if (last) {
                finish();
            }
            if (tokens > 0 || !content.isEmpty()) {
                lastPieceTokens = Math.max(1, tokens);
                lastPieceLogprobs = topLogprobs == GenerationRequest.NO_LOGPROBS ? List.of()
                        : logprobs(event.path("completion_probabilities"));
                return Optional.of(content);
            }
            if (last) {
                return Optional.empty();
            }
        }
        finish();
        throw new EngineUnavailableException("llama-server ended the stream without its final event", null);
    }

    /** llama-server's {@code completion_probabilities}: one entry per token of the event. */
    private List<TokenLogprob> logprobs(JsonNode probabilities) {
        List<TokenLogprob> logprobs = new ArrayList<>(probabilities.size());
        for (JsonNode entry : probabilities) {
            List<TokenLogprob> top = new ArrayList<>();
            for (JsonNode alternative : entry.path("top_logprobs")) {
                if (top.size() == topLogprobs) {
                    break;
                }
                top.add(logprob(alternative, List.of()));
            }
            logprobs.add(logprob(entry, top));
        }
        return logprobs;
    }

    private static TokenLogprob logprob(JsonNode entry, List<TokenLogprob> top) {
        List<Integer> bytes = new ArrayList<>(entry.path("bytes").size());
        entry.path("bytes").forEach(b -> bytes.add(b.asInt()));
        return new TokenLogprob(entry.path("token").asText(""), entry.path("logprob").asDouble(), bytes, top);
    }

    @Override
    public List<TokenLogprob> lastPieceLogprobs() {
        return lastPieceLogprobs;
    }

    private void finish() throws IOException {
        finished = true;
        events.close();
    }

    @Override
    public OptionalInt cachedPromptTokens() {
        return cachedPromptTokens;
    }

    @Override
    public int lastPieceTokens() {
        return lastPieceTokens;
    }

    @Override
    public void close() {
        InputStream toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = body;
        }
        if (toClose != null) {
            try {
                toClose.close();
            } catch (IOException e) {
                // the connection is gone either way, which is what cancels the task
            }
        }
    }
}
