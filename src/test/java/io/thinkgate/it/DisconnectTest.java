package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that goes away cancels its generation and frees its slot. Both slots are filled with generations that
 * would think for thousands of tokens (tens of seconds); after the clients hang up, a new request is served at once.
 */
@QuarkusTest
class DisconnectTest extends ServerTest {

    private static final String ENDLESS = """
            {"model":"thinkgate-demo","messages":[{"role":"user","content":"think forever"}],"max_tokens":4000,
             "thinkgate":{"loop_brake":false},"stream":%s}""";


    @Test
    void droppedClientsFreeTheirSlotsAtOnce() throws Exception {
        double cancelledBefore = cancelledRequests();
        try (Socket streamed = open(ENDLESS.formatted(true)); Socket plain = open(ENDLESS.formatted(false))) {
            BufferedReader events = new BufferedReader(new InputStreamReader(streamed.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = events.readLine()) != null && !line.contains("reasoning_content")) {
                assertTrue(line.length() < 10_000);
            }
            awaitGauge("thinkgate_requests_active", 2, Duration.ofSeconds(5));
        }

        awaitGauge("thinkgate_requests_active", 0, Duration.ofSeconds(2));
        long started = System.nanoTime();
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"quick"}],"reasoning_effort":"none"}""");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText(), reply.toString());
        assertTrue(millis < 3_000, "a freed slot serves the next request at once, took " + millis + " ms");
        assertTrue(cancelledRequests() >= cancelledBefore + 2, "both dropped requests are counted as cancelled");
    }

    private Socket open(String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.base().getPort());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    private double cancelledRequests() {
        return gauge("thinkgate_requests_seconds_count{endpoint=\"chat_completions\",outcome=\"cancelled\"}");
    }

    private void awaitGauge(String name, double expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        double value = gauge(name);
        while (value != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = gauge(name);
        }
        assertEquals(expected, value, name + " within " + within);
    }

    private double gauge(String series) {
        for (String line : server.metrics().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
