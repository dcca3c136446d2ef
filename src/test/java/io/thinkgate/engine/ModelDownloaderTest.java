package io.thinkgate.engine;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads from a real HTTP server on 127.0.0.1 that honours Range requests. */
class ModelDownloaderTest {

    private final byte[] model = new byte[300_000];
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private URI url;

    @TempDir
    Path cache;

    @BeforeEach
    void serve() throws IOException {
        new Random(1).nextBytes(model);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/models/tiny.gguf", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            exchange.sendResponseHeaders(range == null ? 200 : 206, model.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(model, from, model.length - from);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/tiny.gguf");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void downloadsOnceIntoTheCacheAndChecksTheDigest() throws Exception {
        Path file = new ModelDownloader().fetch(url, cache, Optional.of(sha256(model)));

        assertEquals(cache.resolve("tiny.gguf"), file);
        assertArrayEquals(model, Files.readAllBytes(file));
        assertFalse(Files.exists(cache.resolve("tiny.gguf.part")));

        new ModelDownloader().fetch(url, cache, Optional.empty());
        assertEquals(1, ranges.size(), "a cached model is not downloaded again");
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest() throws Exception {
        Files.write(cache.resolve("tiny.gguf.part"), Arrays.copyOf(model, 100_000));

        Path file = new ModelDownloader().fetch(url, cache, Optional.of(sha256(model)));

        assertEquals(List.of("bytes=100000-"), ranges);
        assertArrayEquals(model, Files.readAllBytes(file));
    }

    @Test
    void aWrongDigestLeavesNoModelBehind() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new ModelDownloader().fetch(url, cache, Optional.of("00".repeat(32))));

        assertTrue(error.getMessage().contains("SHA-256 mismatch"), error.getMessage());
        assertFalse(Files.exists(cache.resolve("tiny.gguf")));
        assertFalse(Files.exists(cache.resolve("tiny.gguf.part")));
    }

    @Test
    void anHttpErrorIsReported() {
        URI missing = url.resolve("/models/none.gguf");

        IOException error = assertThrows(IOException.class,
                () -> new ModelDownloader().fetch(missing, cache, Optional.empty()));
        assertTrue(error.getMessage().contains("404"), error.getMessage());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
