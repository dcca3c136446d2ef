package io.thinkgate.engine.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisor, with real processes in the place of llama-server: start-up failures (a start that never gets
 * healthy needs no model), and restarts after a crash with {@link FakeLlamaServer}. Serving and shutdown run
 * against the real llama-server in AllInOneImageIT.
 */
@Timeout(30)
class ManagedLlamaServerTest {

    @TempDir
    Path dir;

    ManagedServerSettings settings(String binary, Duration startTimeout) {
        return new ManagedServerSettings(binary, dir.resolve("m.gguf"), "m", 512, 1, 0, 0, List.of(), false, 5,
                Duration.ofMillis(10), startTimeout);
    }

    /**
     * A llama-server that serves for {@code firstLifeMillis} on its first start and then crashes; every later start
     * dies at once, before it is healthy. Each start appends its time ({@code date +%s%N}) to {@code starts}.
     */
    Path crashingThenBroken(long firstLifeMillis) throws IOException {
        Path starts = dir.resolve("starts");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes;
        try {
            classes = Path.of(FakeLlamaServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return script("date +%s%N >> " + starts + "\n"
                + "if [ \"$(wc -l < " + starts + ")\" -gt 1 ]; then exit 1; fi\n"
                + "exec " + java + " -cp " + classes + " " + FakeLlamaServer.class.getName() + " " + firstLifeMillis
                + " \"$@\"");
    }

    /** What the supervisor reported: restarts, and the reason it gave up, if it did. */
    static final class Recorded implements ManagedLlamaServer.Events {
        final AtomicInteger restarts = new AtomicInteger();
        final CompletableFuture<String> gaveUp = new CompletableFuture<>();

        @Override
        public void restarting() {
            restarts.incrementAndGet();
        }

        @Override
        public void gaveUp(String reason) {
            gaveUp.complete(reason);
        }
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
    void afterACrashItRestartsWithADoublingBackoffAndGivesUpAfterMaxRestartsThatFail() throws Exception {
        Path binary = crashingThenBroken(1500);
        Recorded events = new Recorded();
        ManagedServerSettings settings = new ManagedServerSettings(binary.toString(), dir.resolve("m.gguf"), "m", 512,
                1, 0, 0, List.of(), false, 3, Duration.ofMillis(300), Duration.ofSeconds(20));
        ManagedLlamaServer server = ManagedLlamaServer.start(settings, events);
        try {
            server.awaitFirstStart();
            String reason = events.gaveUp.get(25, TimeUnit.SECONDS);

            assertTrue(reason.contains("3 restarts in a row did not come up (thinkgate.engine.llama-server"
                    + ".max-restarts)"), reason);
            assertEquals(3, events.restarts.get(), "the crash and two failed restarts were each followed by one");
            List<Long> starts = Files.readAllLines(dir.resolve("starts")).stream().map(Long::parseLong).toList();
            assertEquals(4, starts.size(), "the first start and 3 restarts");
            long secondGap = (starts.get(2) - starts.get(1)) / 1_000_000;
            long thirdGap = (starts.get(3) - starts.get(2)) / 1_000_000;
            System.out.printf("[ManagedLlamaServerTest] gaps between failed restarts: %d ms, then %d ms%n", secondGap,
                    thirdGap);
            // Backoffs: 300 ms after the crash, then 600 and 1,200 ms after each failed restart.
            assertTrue(secondGap >= 600 && thirdGap >= 1200 && thirdGap - secondGap >= 400,
                    "gaps between failed restarts: " + secondGap + " ms, then " + thirdGap + " ms");
        } finally {
            server.close();
        }
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
