package io.thinkgate.engine.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisor's start-up failures, with real processes in the place of llama-server (a start that never gets
 * healthy needs no model). Serving, restarts after a crash and shutdown run against the real llama-server in
 * AllInOneImageIT.
 */
@Timeout(30)
class ManagedLlamaServerTest {

    @TempDir
    Path dir;

    ManagedServerSettings settings(String binary, Duration startTimeout) {
        return new ManagedServerSettings(binary, dir.resolve("m.gguf"), "m", 512, 1, 0, 0, List.of(), false, 5,
                Duration.ofMillis(10), startTimeout);
    }

    Path script(String body) throws IOException {
        Path file = dir.resolve("fake-llama-server");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    static final ManagedLlamaServer.Events NO_EVENTS = new ManagedLlamaServer.Events() {
        @Override
        public void restarting() {
            throw new AssertionError("a first start that fails is never restarted");
        }

        @Override
        public void gaveUp(String reason) {
            throw new AssertionError("a first start that fails is reported to its waiter: " + reason);
        }
    };

    IllegalStateException firstStartFailure(ManagedServerSettings settings) {
        ManagedLlamaServer server = ManagedLlamaServer.start(settings, NO_EVENTS);
        try {
            return assertThrows(IllegalStateException.class, server::awaitFirstStart);
        } finally {
            server.close();
        }
    }

    @Test
    void aBinaryThatIsNotThereNamesTheKeyToSet() {
        IllegalStateException e = firstStartFailure(settings(dir.resolve("no-such-binary").toString(),
                Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("thinkgate.engine.llama-server.binary"), e.getMessage());
    }

    @Test
    void aNameThatIsNotOnThePathSaysSo() {
        IllegalStateException e = firstStartFailure(settings("no-such-llama-server-anywhere", Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("'no-such-llama-server-anywhere' on the PATH"), e.getMessage());
    }

    @Test
    void anExitBeforeTheModelLoadedIsFatalAndQuotesItsLastLines() throws IOException {
        Path binary = script("echo 'I srv  llama_server: initializing ...'\n"
                + "echo \"E srv    load_model: failed to load model '$2'\" >&2\nexit 3");
        IllegalStateException e = firstStartFailure(settings(binary.toString(), Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("code 3 before it loaded the model"), e.getMessage());
        assertTrue(e.getMessage().contains("initializing ..."), "the message must quote stdout: " + e.getMessage());
        assertTrue(e.getMessage().contains("failed to load model '" + dir.resolve("m.gguf") + "'"),
                "the message must quote stderr too: " + e.getMessage());
    }

    @Test
    void aStartThatTakesTooLongIsKilledAndNamesTheTimeout() throws IOException {
        Path binary = script("echo 'I srv    load_model: loading model'\nexec sleep 60");
        long t0 = System.nanoTime();
        IllegalStateException e = firstStartFailure(settings(binary.toString(), Duration.ofMillis(800)));
        assertTrue(e.getMessage().contains("did not load the model within") && e.getMessage()
                .contains("thinkgate.engine.start-timeout"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos(), "the sleeping child must be killed");
    }

    @Test
    void theApiKeyReachesTheChildThroughItsEnvironment() throws IOException {
        Path seen = dir.resolve("seen");
        Path binary = script("printf '%s' \"$LLAMA_API_KEY\" > " + seen + "\nexit 1");
        ManagedLlamaServer server = ManagedLlamaServer.start(settings(binary.toString(), Duration.ofSeconds(20)),
                NO_EVENTS);
        assertThrows(IllegalStateException.class, server::awaitFirstStart);
        server.close();
        String key = Files.readString(seen);
        assertTrue(key.equals(server.apiKey()) && key.length() >= 32, "the child saw the key '" + key + "'");
    }
}
