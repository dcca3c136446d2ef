package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Talks to the ThinkGate server under test over real HTTP on 127.0.0.1. */
public final class TestServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public TestServer(URL root) {
        this.base = URI.create(root.toString().replaceAll("/+$", ""));
        awaitReady();
    }

    public URI base() {
        return base;
    }

    /** An OpenAI SDK client for this server; it never retries, so every status reaches the test. */
    public OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey("test-key").maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    public JsonNode postJson(String path, String body) {
        return json(post(path, body).body());
    }

    /** The {@code data:} payloads of a streamed reply, in order, {@code [DONE]} included. */
    public List<String> postEvents(String path, String body) {
        HttpResponse<String> response = post(path, body);
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        List<String> events = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(line.substring("data: ".length()));
            }
        }
        return events;
    }

    /** The reasoning and content of a streamed chat reply, each joined from its deltas. */
    public record StreamedText(String reasoning, String content) {
    }

    public StreamedText streamChat(String body) {
        List<String> events = postEvents("/v1/chat/completions", body);
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode delta = json(event).at("/choices/0/delta");
            reasoning.append(delta.path("reasoning_content").asText(""));
            content.append(delta.path("content").asText(""));
        }
        return new StreamedText(reasoning.toString(), content.toString());
    }

    public String metrics() {
        return get("/q/metrics").body();
    }

    /** The value of one Prometheus series, such as {@code thinkgate_requests_active}; 0 while it is not exported. */
    public double metric(String series) {
        for (String line : metrics().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    public void awaitMetric(String series, double expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        double value = metric(series);
        while (value != expected && System.nanoTime() < deadline) {
            pause();
            value = metric(series);
        }
        if (value != expected) {
            throw new AssertionError(series + " is " + value + ", not " + expected + ", after " + within);
        }
    }

    /**
     * Sends a chat completion over a raw socket and returns without reading the reply, so that a test can hang up
     * whenever it likes, as a client that goes away does.
     */
    public Socket openChat(String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", base.getPort());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    /**
     * A reply read off a raw socket: its status, its headers (names in lower case), its body, and whether the
     * server closed the connection after it.
     */
    public record RawReply(int status, Map<String, String> headers, String body, boolean closed) {
    }

    /** Opens a connection and sends these bytes as they are, nothing added. */
    public Socket rawConnection(byte[] request) throws IOException {
        Socket socket = new Socket("127.0.0.1", base.getPort());
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        return socket;
    }

    /** Sends these bytes on a new connection and reads the one reply, waiting at most {@code wait} in all. */
    public RawReply raw(String request, Duration wait) throws IOException {
        try (Socket socket = rawConnection(request.getBytes(StandardCharsets.ISO_8859_1))) {
            return readReply(socket, wait);
        }
    }

    /**
     * Reads one reply (with a Content-Length) off a socket; once it is in, waits half a second more to learn whether
     * the server closes the connection. Waits at most {@code wait} in all.
     */
    public static RawReply readReply(Socket socket, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean closed = false;
        boolean complete = false;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            int read;
            try {
                read = in.read(buffer);
            } catch (SocketTimeoutException e) {
                break;
            } catch (IOException e) {
                closed = true; // reset by the server
                break;
            }
            if (read < 0) {
                closed = true;
                break;
            }
            received.write(buffer, 0, read);
            if (!complete && complete(received.toString(StandardCharsets.ISO_8859_1))) {
                complete = true;
                deadline = Math.min(deadline, System.nanoTime() + Duration.ofMillis(500).toNanos());
            }
        }
        String text = received.toString(StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new AssertionError("no complete reply head within " + wait + ": '" + text + "'");
        }
        String[] head = text.substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    head[i].substring(colon + 1).trim());
        }
        return new RawReply(Integer.parseInt(head[0].split(" ")[1]), headers, text.substring(headEnd + 4), closed);
    }

    /** Whether the head and as many body bytes as its Content-Length says have arrived. */
    private static boolean complete(String received) {
        int headEnd = received.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        for (String line : received.substring(0, headEnd).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring("content-length:".length()).trim());
                return received.length() >= headEnd + 4 + length;
            }
        }
        return false;
    }

    /** {@code text} as a JSON string literal. */
    public static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The {@code thinkgate} report of a reply or chunk, which the SDK keeps as an additional property. */
    public static JsonNode report(Map<String, JsonValue> properties) {
        return json(toJson(properties.get("thinkgate").convert(Object.class)));
    }

    /** A field the SDK keeps as an additional property, such as {@code reasoning_content}. */
    public static String extra(Map<String, JsonValue> properties, String name) {
        JsonValue value = properties.get(name);
        return value == null ? null : value.convert(String.class);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            pause();
        }
        throw new AssertionError("the server at " + base + " did not become ready within 60 s");
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
