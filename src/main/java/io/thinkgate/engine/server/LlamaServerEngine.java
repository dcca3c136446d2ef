package io.thinkgate.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.engine.ModelInfo;
import io.thinkgate.engine.TokenStream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A running llama-server as the engine: its {@code /props} describe the model, {@code /apply-template} renders
 * with the model's own template, {@code /tokenize} counts, and {@code /completion} streams the tokens with their ids.
 * Slots are the server's; its KV cache is reused across phases of one completion because every phase resends the
 * same prefix with {@code cache_prompt}.
 */
public final class LlamaServerEngine implements InferenceEngine {

    /**
     * llama-server does not say how long its vocabulary's tokens are. No tokenizer in use has tokens of more than a
     * few dozen characters, so this bound only refuses prompts that cannot possibly fit.
     */
    static final int MAX_TOKEN_CHARS = 256;

    private final LlamaServerClient client;
    private final ModelInfo info;

    private LlamaServerEngine(LlamaServerClient client, ModelInfo info) {
        this.client = client;
        this.info = info;
    }

    /**
     * Waits until the llama-server at {@code url} has its model loaded, then reads what it serves.
     *
     * @param id the model id to serve under, or empty for the server's own
     * @param timeout how long to wait for its {@code /health}
     * @param stillWaiting told, every few seconds of waiting, how long it has been
     */
    public static LlamaServerEngine connect(URI url, Optional<String> apiKey, Optional<String> id, Duration timeout,
            Consumer<Duration> stillWaiting) throws InterruptedException {
        LlamaServerClient client = new LlamaServerClient(url, apiKey);
        if (!client.awaitHealthy(timeout, () -> true, stillWaiting)) {
            throw new IllegalStateException("llama-server at " + url + " was not healthy within " + timeout);
        }
        JsonNode props = client.get("props");
        String served = id.orElseGet(() -> servedName(props));
        int slots = props.path("total_slots").asInt(1);
        int context = props.path("default_generation_settings").path("n_ctx").asInt();
        if (context <= 0) {
            throw new IllegalStateException("llama-server at " + url + " reports no context size in /props");
        }
        ModelInfo info = new ModelInfo(served, context, slots, props.path("chat_template").asText(""), Set.of(),
                MAX_TOKEN_CHARS);
        return new LlamaServerEngine(client, info);
    }

    /** The server's {@code --alias}, else its model file's name without {@code .gguf}, as the embedded engine names it. */
    private static String servedName(JsonNode props) {
        String path = props.path("model_path").asText("llama-server");
        String alias = props.path("model_alias").asText("");
        String file = path.substring(path.lastIndexOf('/') + 1).replaceFirst("(?i)\\.gguf$", "");
        return alias.isEmpty() || alias.equals(path) ? file : alias;
    }

    @Override
    public boolean healthy() {
        return client.healthy();
    }

    @Override
    public boolean logprobs() {
        return true;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public String renderChat(List<ChatTurn> turns) {
        return renderChat(turns, Map.of());
    }

    @Override
    public boolean templateKwargs() {
        return true;
    }

    @Override
    public String renderChat(List<ChatTurn> turns, Map<String, Object> templateKwargs) {
        ObjectNode body = LlamaServerClient.mapper().createObjectNode();
        if (!templateKwargs.isEmpty()) {
            body.set("chat_template_kwargs", LlamaServerClient.mapper().valueToTree(templateKwargs));
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatTurn turn : turns) {
            messages.addObject().put("role", turn.role()).put("content", turn.content());
        }
        return client.post("apply-template", body).path("prompt").asText();
    }

    @Override
    public int[] tokenize(String text) {
        ObjectNode body = LlamaServerClient.mapper().createObjectNode().put("content", text)
                .put("add_special", false).put("parse_special", true);
        JsonNode tokens = client.post("tokenize", body).path("tokens");
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i).asInt();
        }
        return ids;
    }

    @Override
    public TokenStream generate(GenerationRequest request) {
        ObjectNode body = LlamaServerClient.mapper().createObjectNode()
                .put("prompt", request.prompt())
                .put("n_predict", request.maxTokens())
                .put("stream", true)
                .put("return_tokens", true)
                .put("cache_prompt", true)
                // every event then carries timings, so the first says how much of the prompt came from the cache
                .put("timings_per_token", true);
        GenerationRequest.Sampling sampling = request.sampling();
        if (sampling != null) {
            body.put("temperature", sampling.temperature()).put("top_p", sampling.topP());
            sampling.seed().ifPresent(seed -> body.put("seed", seed));
        }
        if (request.topLogprobs() != GenerationRequest.NO_LOGPROBS) {
            // n_probs 0 returns no probabilities at all, not even the sampled token's
            body.put("n_probs", Math.max(1, request.topLogprobs()));
        }
        if (request.grammar() != null && !request.grammar().isBlank()) {
            body.put("grammar", request.grammar());
        }
        return new CompletionStream(() -> client.stream("completion", body), request.topLogprobs());
    }

    @Override
    public void close() {
        // the server is not ours to stop; nothing is held between requests
    }
}
