package io.thinkgate.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** A judge model behind an OpenAI-compatible endpoint, for items whose answer is free-form. */
public final class Judge {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final Optional<String> apiKey;
    private final Optional<String> model;

    public Judge(String baseUrl, Optional<String> apiKey, Optional<String> model) {
        this.uri = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/chat/completions");
        this.apiKey = apiKey;
        this.model = model;
    }

    /** Whether the judge says the reply gives the reference answer. */
    public boolean agrees(String question, String reference, String reply) throws IOException, InterruptedException {
        // A verdict needs no thinking; reasoning_effort is how OpenAI's API, ThinkGate and vLLM turn it off.
        ObjectNode body = JSON.createObjectNode().put("max_tokens", 16).put("temperature", 0)
                .put("reasoning_effort", "none");
        model.ifPresent(m -> body.put("model", m));
        body.putArray("messages").addObject().put("role", "user").put("content", "Question: " + question
                + "\n\nReference answer: " + reference + "\n\nReply to judge: " + reply
                + "\n\nDoes the reply give the reference answer? Answer yes or no.");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " " + response.body());
        }
        String verdict = JSON.readTree(response.body()).at("/choices/0/message/content").asText("").strip();
        if (verdict.isEmpty()) {
            throw new IOException("no verdict: the judge's reply has no content");
        }
        return verdict.toLowerCase(Locale.ROOT).startsWith("yes");
    }
}
