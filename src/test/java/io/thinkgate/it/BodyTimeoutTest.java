package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body that stops arriving (slowloris) is answered with 408 once {@code thinkgate.http.body-timeout} (one second
 * here) passes without a byte, and its connection is closed; other clients are served meanwhile. The timeout is a
 * silence, not a total: a slow body that keeps coming is read.
 */
@QuarkusTest
@TestProfile(ShortDeadlineProfile.class)
class BodyTimeoutTest extends ServerTest {

    private static final String QUICK =
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"none\"}";
    private static final long SLACK_MILLIS = 2_000;

    @Test
    void stalledBodiesGet408AndAreClosedWhileOthersAreServed() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                // a Content-Length of 100 and 11 bytes of it, then nothing; half with a large announced body
                int length = i % 2 == 0 ? 100 : 100_000;
                stalled.add(server.rawConnection(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n{\"messages\"")
                        .getBytes(StandardCharsets.US_ASCII)));
            }

            long servedAt = System.nanoTime();
            JsonNode reply = server.postJson("/v1/chat/completions", QUICK);
            long servedMillis = (System.nanoTime() - servedAt) / 1_000_000;
            assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText(),
                    reply.toString());
            assertTrue(servedMillis < ShortDeadlineProfile.BODY_TIMEOUT_MILLIS,
                    "another client is served at once, took " + servedMillis + " ms");

            for (Socket socket : stalled) {
                TestServer.RawReply refused = TestServer.readReply(socket,
                        Duration.ofMillis(ShortDeadlineProfile.BODY_TIMEOUT_MILLIS + SLACK_MILLIS));
                long millis = (System.nanoTime() - started) / 1_000_000;
                HttpRefusalsTest.assertEnvelope(refused, 408, "request_timeout", "thinkgate.http.body-timeout");
                assertTrue(refused.closed(), "the connection is closed after the 408");
                assertTrue(millis >= ShortDeadlineProfile.BODY_TIMEOUT_MILLIS, "not before the timeout: " + millis);
                assertTrue(millis < ShortDeadlineProfile.BODY_TIMEOUT_MILLIS + SLACK_MILLIS, "took " + millis + " ms");
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aSlowBodyThatKeepsComingIsRead() throws Exception {
        byte[] body = QUICK.getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = server.rawConnection(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII))) {
            OutputStream out = socket.getOutputStream();
            // 2.5 s in all, more than the timeout, but never 1 s without a byte
            for (int i = 0; i < 5; i++) {
                out.write(body, i, 1);
                out.flush();
                Thread.sleep(ShortDeadlineProfile.BODY_TIMEOUT_MILLIS / 2);
            }
            out.write(body, 5, body.length - 5);
            out.flush();

            TestServer.RawReply reply = TestServer.readReply(socket, Duration.ofSeconds(10));

            assertEquals(200, reply.status(), reply.body());
            assertEquals(SyntheticModels.ANSWER_TEXT,
                    TestServer.json(reply.body()).at("/choices/0/message/content").asText(), reply.body());
        }
    }
}
