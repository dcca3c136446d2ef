package io.thinkgate.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Sends one streamed chat completion to an OpenAI-compatible endpoint and reads what the harness measures. */
public final class Client {

    /** What one streamed reply said, or why it failed. */
    public record Reply(String content, int reasoningTokens, int completionTokens, double latencyMs,
            double ttftMs, String chosen, String error) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Closes a reply's stream at its deadline: the request's own timeout only covers the wait for its headers. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "eval-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final Optional<String> apiKey;
    private final Optional<String> model;
    private final int maxTokens;
    private final double temperature;
    private final Duration timeout;

    public Client(String baseUrl, Optional<String> apiKey, Optional<String> model, int maxTokens, double temperature,
            Duration timeout) {
        this.uri = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/chat/completions");
        this.apiKey = apiKey;
        this.model = model;
        this.maxTokens = maxTokens;
        this.temperature = temperature;
        this.timeout = timeout;
    }

    ObjectNode body(String prompt, Arm arm) {
        ObjectNode body = JSON.createObjectNode();
        model.ifPresent(m -> body.put("model", m));
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        body.put("max_tokens", maxTokens).put("temperature", temperature).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.setAll(arm.fields());
        return body;
    }

    public Reply send(String prompt, Arm arm) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body(prompt, arm))));
            apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            AtomicBoolean late = new AtomicBoolean();
            long left = timeout.toNanos() - (System.nanoTime() - t0);
            try (InputStream in = response.body()) {
                ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                    late.set(true);
                    closeQuietly(in);
                }, Math.max(0, left), TimeUnit.NANOSECONDS);
                try {
                    if (response.statusCode() != 200) {
                        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        return failed("HTTP " + response.statusCode() + ": " + errorMessage(text), t0);
                    }
                    return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), t0);
                } catch (JsonProcessingException e) {
                    return failed("a stream event is not JSON: " + e.getOriginalMessage(), t0);
                } catch (IOException e) {
                    if (late.get()) {
                        return failed("no end of the reply within " + timeout.toSeconds() + " s", t0);
                    }
                    throw e;
                } finally {
                    watchdog.cancel(false);
                }
            }
        } catch (IOException e) {
            return failed("connection: " + e.getMessage(), t0);
        }
    }

    private Reply read(BufferedReader events, long t0) throws IOException {
        StringBuilder content = new StringBuilder();
        long first = 0;
        int reasoning = 0;
        int completion = 0;
        String chosen = null;
        boolean done = false;
        String line;
        while ((line = events.readLine()) != null) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            String data = line.substring(6);
            if (data.equals("[DONE]")) {
                done = true;
                break;
            }
            JsonNode event = JSON.readTree(data);
            if (event.has("error")) {
                return failed("stream error: " + event.path("error").path("message").asText(data), t0);
            }
            JsonNode delta = event.path("choices").path(0).path("delta");
            String text = delta.path("content").asText("");
            if (first == 0 && (!text.isEmpty() || !delta.path("reasoning_content").asText("").isEmpty())) {
                first = System.nanoTime();
            }
            content.append(text);
            if (event.at("/thinkgate/decision/chosen").isTextual()) {
                chosen = event.at("/thinkgate/decision/chosen").asText();
            }
            JsonNode usage = event.path("usage");
            if (usage.isObject()) {
                completion = usage.path("completion_tokens").asInt();
                reasoning = usage.at("/completion_tokens_details/reasoning_tokens").asInt(0);
            }
        }
        if (!done) {
            return failed("the stream ended without [DONE]", t0);
        }
        long end = System.nanoTime();
        return new Reply(content.toString(), reasoning, completion, (end - t0) / 1e6,
                first == 0 ? -1 : (first - t0) / 1e6, chosen, null);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // it is being given up on anyway
        }
    }

    private static Reply failed(String why, long t0) {
        return new Reply("", 0, 0, (System.nanoTime() - t0) / 1e6, -1, null, why);
    }

    private static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).at("/error/message");
            return message.isTextual() ? message.asText() : body;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
