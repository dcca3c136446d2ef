package io.thinkgate.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import io.thinkgate.it.ShortDeadlineProfile;
import io.thinkgate.it.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of generated hostile requests against the real server on real llama.cpp: hostile JSON schemas (among
 * them every one that once killed the JVM), GBNF grammars, mutated fields and garbage bodies, from three clients at
 * once. Every reply must be a 2xx or a 4xx in OpenAI's error envelope, the server must live on, and no slot may stay
 * held. The run is bounded in count and in time; the seed is fixed, so a failure can be replayed.
 */
@QuarkusTest
@TestProfile(ShortDeadlineProfile.class)
class FuzzTest {

    private static final long SEED = 20261203L;
    private static final int REQUESTS = 2_400;
    private static final int CLIENTS = 3;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    @Test
    void noRequestCrashesTheServerLeaksASlotOrGetsAnythingButA2xxOrAnEnveloped4xx() throws Exception {
        TestServer server = new TestServer(root);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HostileRequests requests = new HostileRequests(SEED);
        AtomicInteger sent = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (sent.getAndIncrement() < REQUESTS && System.nanoTime() < deadline && failures.size() < 5) {
                    HostileRequests.Request request;
                    synchronized (requests) {
                        request = requests.next();
                    }
                    String problem = send(http, server, request, statuses);
                    if (problem != null) {
                        failures.add(problem + "\n  request: " + request.path() + " " + cut(request.body()));
                    }
                }
            });
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(TIME_LIMIT.toSeconds() + 60, TimeUnit.SECONDS), "the clients finished");

        System.out.println("[FuzzTest] " + Math.min(sent.get(), REQUESTS) + " requests, replies by status: "
                + statuses);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        int done = statuses.values().stream().mapToInt(LongAdder::intValue).sum();
        assertTrue(done >= 1_000, "too few requests ran to show anything: " + done);
        assertTrue(statuses.containsKey(200) && statuses.containsKey(400), "both answers and refusals: " + statuses);
        assertEquals(200, server.get("/q/health/live").statusCode(), "the server is alive");
        server.awaitMetric("thinkgate_requests_active", 0, Duration.ofSeconds(10));
        server.awaitMetric("thinkgate_requests_queued", 0, Duration.ofSeconds(10));
        JsonNode reply = server.postJson("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"none\"}");
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText(), reply.toString());
    }

    /** What is wrong with the reply to {@code request}, or null when it is a 2xx or an enveloped 4xx. */
    private static String send(HttpClient http, TestServer server, HostileRequests.Request request,
            Map<Integer, LongAdder> statuses) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(server.base().resolve(request.path()))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(request.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return "no reply: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        int status = response.statusCode();
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        String body = response.body();
        if (status >= 200 && status < 300) {
            return body.startsWith("data: ") ? checkStream(body) : checkJson(body, "choices");
        }
        if (status >= 400 && status < 500) {
            return checkEnvelope(status, body);
        }
        return "HTTP " + status + ": " + cut(body);
    }

    private static String checkStream(String body) {
        String last = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                last = line.substring("data: ".length());
                if (!last.equals("[DONE]") && checkJson(last, null) != null) {
                    return "a stream event is not JSON: " + cut(last);
                }
            }
        }
        return "[DONE]".equals(last) ? null : "the stream does not end with [DONE]: " + cut(body);
    }

    private static String checkJson(String body, String field) {
        try {
            JsonNode node = JSON.readTree(body);
            return field == null || node.has(field) ? null : "a 2xx without '" + field + "': " + cut(body);
        } catch (IOException e) {
            return "not JSON: " + cut(body);
        }
    }

    private static String checkEnvelope(int status, String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            boolean envelope = error.path("message").isTextual() && !error.path("message").asText().isBlank()
                    && error.path("type").isTextual() && error.has("param") && error.has("code");
            return envelope && !body.contains("Exception") ? null : "HTTP " + status + " outside the envelope: "
                    + cut(body);
        } catch (IOException e) {
            return "HTTP " + status + " with a body that is not JSON: " + cut(body);
        }
    }

    private static String cut(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "… (" + text.length() + " characters)";
    }
}
