package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that Vert.x refuses before any resource runs get OpenAI's error envelope too, over raw sockets so that
 * nothing on the client side tidies them up; and the refusals the HTTP codec keeps to itself leave a server that
 * goes on serving.
 */
@QuarkusTest
class HttpRefusalsTest extends ServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aUrlOverTheRequestLineLimitGets414() throws Exception {
        TestServer.RawReply reply = server.raw("GET /v1/models/" + "a".repeat(9_000)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", WAIT);

        assertEnvelope(reply, 414, "uri_too_long", "quarkus.http.limits.max-initial-line-length");
        assertTrue(reply.closed(), "the connection is closed");
    }

    @Test
    void headersOverTheLimitGet431() throws Exception {
        TestServer.RawReply reply = server.raw("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                + "a".repeat(30_000) + "\r\n\r\n", WAIT);

        assertEnvelope(reply, 431, "headers_too_large", "quarkus.http.limits.max-header-size");
        assertTrue(reply.closed(), "the connection is closed");
    }

    @Test
    void aRequestWithoutHostGets400() throws Exception {
        TestServer.RawReply reply = server.raw("GET /v1/models HTTP/1.1\r\nConnection: close\r\n\r\n", WAIT);

        assertEnvelope(reply, 400, "invalid_request", "Host");
    }

    @Test
    void anHttp2RequestLineWithoutHostGets400() throws Exception {
        TestServer.RawReply reply = server.raw("POST /v1/chat/completions HTTP/2.0\r\nContent-Type: application/json"
                + "\r\nContent-Length: 2\r\n\r\n{}", WAIT);

        assertEnvelope(reply, 400, "invalid_request", null);
    }

    @Test
    void aChunkedBodyOverTheLimitGets413AndTheConnectionCloses() throws Exception {
        try (Socket socket = server.rawConnection(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII))) {
            OutputStream out = socket.getOutputStream();
            out.write(chunk("{\"messages\":[{\"role\":\"user\",\"content\":\""));
            byte[] piece = chunk("a".repeat(64 * 1024));
            try {
                for (int i = 0; i < 11 * 16 + 1; i++) {
                    out.write(piece);
                }
            } catch (IOException e) {
                // the server stopped reading at the limit and closed the connection
            }

            TestServer.RawReply reply = TestServer.readReply(socket, WAIT);

            assertEnvelope(reply, 413, "request_too_large", "quarkus.http.limits.max-body-size");
            assertTrue(reply.closed(), "the connection is closed");
        }
    }

    /**
     * Vert.x's HTTP codec answers a request it cannot parse (here an invalid Content-Length) with a bare 400 before
     * any handler runs, and Quarkus gives no hook to it; it has no body, but it doesn't stop the server.
     */
    @Test
    void requestsTheCodecCannotParseAreRefusedAndTheServerServesOn() throws Exception {
        TestServer.RawReply negative = server.raw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: -1\r\n\r\n", WAIT);

        assertEquals(400, negative.status());
        assertTrue(negative.closed(), "the connection is closed");
        JsonNode reply = server.postJson("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"none\"}");
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText(), reply.toString());
    }

    /** A URL that is not a valid URI reaches the router (see ThinkGateMain), which refuses it in the envelope. */
    @Test
    void aUrlWithAMalformedPercentEscapeGetsTheEnvelope() throws Exception {
        for (String path : new String[] {"/v1/models/%ZZ", "/v1/models/%", "/v1/chat/completions%2", "/%zz/x"}) {
            TestServer.RawReply reply = server.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n", WAIT);
            assertEnvelope(reply, 400, "invalid_request", "malformed percent-escape");
        }
        TestServer.RawReply odd = server.raw("GET /v1/models/a%7Cb|c HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n", WAIT);
        assertEquals(404, odd.status(), odd.body());
        JsonNode error = TestServer.json(odd.body()).get("error");
        assertEquals("model_not_found", error.get("code").asText(), odd.body());
        assertEquals("The model 'a|b|c' does not exist", error.get("message").asText());
    }

    @Test
    void aClientThatHangsUpMidBodyLeavesOneDebugLineAndNoError() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (int length : new int[] {100, 100_000}) {
                try (Socket gone = server.rawConnection(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n{\"messages\":")
                        .getBytes(StandardCharsets.US_ASCII))) {
                    Thread.sleep(200);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (goneLines(records) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);

            assertEquals(2, goneLines(records), "one DEBUG line per client that went away");
            for (LogRecord record : records) {
                assertTrue(record.getLevel().intValue() < Level.WARNING.intValue(),
                        "no WARN or ERROR: " + record.getLoggerName() + " " + record.getMessage());
            }
        } finally {
            root.removeHandler(capture);
        }
    }

    private static long goneLines(List<LogRecord> records) {
        return records.stream().filter(r -> r.getLoggerName().equals("io.thinkgate.api.BodyReader")
                && r.getMessage().contains("went away")).count();
    }

    private static byte[] chunk(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
        byte[] head = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[head.length + bytes.length + 2];
        System.arraycopy(head, 0, chunk, 0, head.length);
        System.arraycopy(bytes, 0, chunk, head.length, bytes.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    /** OpenAI's envelope with this status and code, and a message that names {@code named}, if given. */
    static void assertEnvelope(TestServer.RawReply reply, int status, String code, String named) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.headers().getOrDefault("content-type", "").startsWith("application/json"),
                reply.headers().toString());
        JsonNode error = TestServer.json(reply.body()).get("error");
        assertEquals(code, error.get("code").asText(), reply.body());
        assertEquals("invalid_request_error", error.get("type").asText(), reply.body());
        assertTrue(error.get("param").isNull(), reply.body());
        String message = error.get("message").asText();
        assertFalse(message.isBlank(), reply.body());
        assertFalse(reply.body().contains("Exception"), "no Java internals leak: " + reply.body());
        if (named != null) {
            assertTrue(message.contains(named), "the message names " + named + ": " + message);
        }
    }
}
