package io.thinkgate.engine.server;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking HTTP/1.1 POST against a scripted server on loopback: its request, chunked bodies, refusals. */
class StreamingPostTest {

    @Test
    void readsAChunkedBodyWhateverTheChunkBoundaries() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = respond(server, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + "5\r\ndata:\r\n" + "3;x=y\r\n {\"\r\n"
                    + "d\r\na\":1}\n\ndata: \r\n" + "1\r\n2\r\n" + "0\r\n\r\n");
            try (InputStream body = StreamingPost.open(URI.create("http://127.0.0.1:" + server.getLocalPort()
                    + "/completion"), Optional.of("k"), "{\"n\":1}".getBytes(StandardCharsets.UTF_8))) {
                assertEquals("data: {\"a\":1}\n\ndata: 2", new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            String head = request.get(10, TimeUnit.SECONDS);
            assertTrue(head.startsWith("POST /completion HTTP/1.1\r\n"), head);
            assertTrue(head.contains("Content-Length: 7\r\n") && head.contains("Authorization: Bearer k\r\n"), head);
        }
    }

    @Test
    void aRefusalCarriesItsStatusAndBody() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            respond(server, "HTTP/1.1 400 Bad Request\r\nContent-Length: 13\r\nConnection: close\r\n\r\n"
                    + "{\"error\":\"x\"}");
            StreamingPost.HttpStatusException e = assertThrows(StreamingPost.HttpStatusException.class,
                    () -> StreamingPost.open(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/completion"),
                            Optional.empty(), new byte[0]));
            assertEquals(400, e.status);
            assertEquals("{\"error\":\"x\"}", e.body);
        }
    }

    /** Accepts one connection, reads the request head and body, sends {@code response} and closes. */
    private static CompletableFuture<String> respond(ServerSocket server, String response) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                StringBuilder head = new StringBuilder();
                int length = 0;
                for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    head.append(line).append("\r\n");
                    if (line.startsWith("Content-Length: ")) {
                        length = Integer.parseInt(line.substring(16));
                    }
                }
                in.read(new char[length], 0, length);
                OutputStream out = socket.getOutputStream();
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return head.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
