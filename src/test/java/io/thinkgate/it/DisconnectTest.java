package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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
        // Both slots must be free first: a request that an earlier test left (on llama-server its generation can
        // run on until it next looks at its cancellation) would queue the second request here, and the first
        // would finish all its tokens while the test waits for both to run (seen in CI: both ended 3.5 s in).
        server.awaitMetric("thinkgate_requests_active", 0, Duration.ofSeconds(10));
        server.awaitMetric("thinkgate_requests_queued", 0, Duration.ofSeconds(10));
        double cancelledBefore = cancelledRequests();
        try (Socket streamed = server.openChat(ENDLESS.formatted(true)); Socket plain = server.openChat(ENDLESS.formatted(false))) {
            BufferedReader events = new BufferedReader(new InputStreamReader(streamed.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = events.readLine()) != null && !line.contains("reasoning_content")) {
                assertTrue(line.length() < 10_000);
            }
            server.awaitMetric("thinkgate_requests_active", 2, Duration.ofSeconds(5));
        }

        server.awaitMetric("thinkgate_requests_active", 0, Duration.ofSeconds(2));
        long started = System.nanoTime();
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"quick"}],"reasoning_effort":"none"}""");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText(), reply.toString());
        assertTrue(millis < 3_000, "a freed slot serves the next request at once, took " + millis + " ms");
        // The slots are free as soon as the connections close; the generation threads record the cancellation
        // when they next look, which on llama-server can come after the quick request above.
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (cancelledRequests() < cancelledBefore + 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(cancelledRequests() >= cancelledBefore + 2, "both dropped requests are counted as cancelled");
    }

    @Test
    void aClientThatHangsUpAtOnceLeavesNoGenerationBehind() throws Exception {
        for (int i = 0; i < 10; i++) {
            try (Socket gone = server.openChat(ENDLESS.formatted(i % 2 == 0))) {
                Thread.sleep(i % 3);
            }
        }

        server.awaitMetric("thinkgate_requests_active", 0, Duration.ofSeconds(2));
        server.awaitMetric("thinkgate_requests_queued", 0, Duration.ofSeconds(2));
    }

    private double cancelledRequests() {
        return server.metric("thinkgate_requests_seconds_count{endpoint=\"chat_completions\",outcome=\"cancelled\"}");
    }
}
