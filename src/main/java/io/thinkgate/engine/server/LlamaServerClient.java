package io.thinkgate.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinkgate.engine.EngineUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * llama-server's native HTTP API (DESIGN.md section 6): JSON calls, and the streamed {@code /completion}. Every
 * failure to reach it is an {@link EngineUnavailableException}; a refusal it sends is an
 * {@link IllegalArgumentException} with its message.
 */
final class LlamaServerClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final URI base;
    private final Optional<String> apiKey;
    private final HttpClient http;

    LlamaServerClient(URI base, Optional<String> apiKey) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return json(send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()), path);
    }

    JsonNode post(String path, JsonNode body) {
        return json(send(postRequest(path, body).timeout(CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()),
                path);
    }

    /** Whether {@code /health} says the model is loaded and the server takes requests. */
    boolean healthy() {
        try {
            HttpResponse<String> response = http.send(request("health").timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Polls {@code /health} until it says ready, saying every few seconds how long it has waited.
     *
     * @return false when {@code keepWaiting} turned false or {@code timeout} passed first
     */
    boolean awaitHealthy(Duration timeout, BooleanSupplier keepWaiting, Consumer<Duration> stillWaiting)
            throws InterruptedException {
        long started = System.nanoTime();
        long lastReport = started;
        while (!healthy()) {
            long now = System.nanoTime();
            if (now - started > timeout.toNanos() || !keepWaiting.getAsBoolean()) {
                return false;
            }
            if (now - lastReport > REPORT_EVERY.toNanos()) {
                stillWaiting.accept(Duration.ofNanos(now - started));
                lastReport = now;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    /** The body of a streamed POST; closing it drops the connection, which makes llama-server cancel the task. */
    InputStream stream(String path, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        try {
            return StreamingPost.open(base.resolve(path), apiKey, bytes);
        } catch (StreamingPost.HttpStatusException e) {
            throw refusal(path, e.status, e.body);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private HttpRequest.Builder postRequest(String path, JsonNode body) {
        try {
            return request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
        apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    /**
     * Sends once more when the first try got no response at all: llama-server closes idle keep-alive connections,
     * and a request sent on one it has just closed never reached it.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            try {
                return http.send(request, handler);
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return http.send(request, handler);
            }
        } catch (IOException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private JsonNode json(HttpResponse<String> response, String path) {
        if (response.statusCode() != 200) {
            throw refusal(path, response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("llama-server sent no JSON from /" + path, e);
        }
    }

    private RuntimeException refusal(String path, int status, String body) {
        if (status == 503 || status == 502) {
            return new EngineUnavailableException("llama-server at " + base + " is not ready (HTTP " + status + ")",
                    null);
        }
        String message = body;
        try {
            message = JSON.readTree(body).path("error").path("message").asText(body);
        } catch (IOException e) {
            // the body was not JSON; its text is the message
        }
        return new IllegalArgumentException("llama-server refused /" + path + " (HTTP " + status + "): "
                + (message.length() > 300 ? message.substring(0, 300) + "…" : message));
    }

    private EngineUnavailableException unavailable(Exception e) {
        return new EngineUnavailableException("llama-server at " + base + " cannot be reached: " + e, e);
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
