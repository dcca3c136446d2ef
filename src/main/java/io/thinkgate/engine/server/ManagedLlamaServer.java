package io.thinkgate.engine.server;

import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A llama-server that ThinkGate runs as its child on a free loopback port, the way Ollama and LM Studio run
 * llama.cpp: one supervisor thread starts it, waits for its {@code /health}, routes its log, and starts it again
 * when it dies, with a doubling backoff and a bounded number of restarts that fail to come up. It listens only on
 * 127.0.0.1 and takes only requests that carry a key made for this run.
 *
 * <p>It never outlives the JVM: where util-linux's {@code setpriv} is on the PATH, the child is started through it
 * with a parent-death signal, which the kernel sends when the thread that started it ends, so that thread (the
 * supervisor) stays alive for as long as the child does.
 */
public final class ManagedLlamaServer implements AutoCloseable {

    /** What the owner of a managed server hears about its life after the first start. */
    public interface Events {
        /** It died and is about to be started again. */
        void restarting();

        /** It died and will not be started again; the engine is gone for good. */
        void gaveUp(String reason);
    }

    private static final Logger LOG = Logger.getLogger(ManagedLlamaServer.class);
    /** Its own lines, under a category that operators can tune apart from ThinkGate's. */
    private static final Logger SERVER_LOG = Logger.getLogger("llama-server");
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int TAIL_LINES = 20;

    private final ManagedServerSettings settings;
    private final Events events;
    private final int port;
    private final String apiKey;
    private final LlamaServerClient client;
    private final List<String> launcher;
    private final Thread supervisor;
    private final CompletableFuture<Void> firstStart = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private boolean stopping;
    private Process process;

    private ManagedLlamaServer(ManagedServerSettings settings, Events events, int port) {
        this.settings = settings;
        this.events = events;
        this.port = port;
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        this.apiKey = HexFormat.of().formatHex(key);
        this.client = new LlamaServerClient(url(), Optional.of(apiKey));
        this.launcher = deathSignalLauncher();
        this.supervisor = new Thread(this::supervise, "thinkgate-llama-server-supervisor");
        this.supervisor.setDaemon(true);
    }

    /** Starts the supervisor, which starts llama-server; {@link #awaitFirstStart()} waits until it serves. */
    public static ManagedLlamaServer start(ManagedServerSettings settings, Events events) {
        ManagedLlamaServer server = new ManagedLlamaServer(settings, events, freeLoopbackPort());
        server.supervisor.start();
        return server;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public String apiKey() {
        return apiKey;
    }

    /**
     * Waits until the first start has loaded the model.
     *
     * @throws IllegalStateException when it could not be started, exited first, or took longer than its start
     *                               timeout; the message has its last log lines
     */
    public void awaitFirstStart() throws InterruptedException {
        try {
            firstStart.get();
        } catch (ExecutionException e) {
            throw (IllegalStateException) e.getCause();
        }
    }

    /** Stops it with SIGTERM, and SIGKILL if it has not exited after a grace period; it is not restarted. */
    @Override
    public void close() {
        Process child;
        synchronized (this) {
            stopping = true;
            child = process;
        }
        if (child != null && child.isAlive()) {
            LOG.infof("Stopping llama-server (pid %d)", child.pid());
            child.destroy();
            try {
                if (!child.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warnf("llama-server did not stop within %d s of SIGTERM: killing it", STOP_GRACE.toSeconds());
                    child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        // Only now: the supervisor's end would SIGKILL a child that is still running.
        supervisor.interrupt();
    }

    private void supervise() {
        int failedInARow = 0;
        boolean servedOnce = false;
        try {
            while (true) {
                Process child = spawn();
                if (child == null) {
                    return;
                }
                long startedAt = System.nanoTime();
                boolean up = client.awaitHealthy(settings.startTimeout(), () -> child.isAlive() && !stopping(),
                        waited -> LOG.infof("Waiting for llama-server to load %s (%d s)",
                                settings.model().getFileName(), waited.toSeconds()));
                String why;
                if (up) {
                    LOG.infof("llama-server (pid %d) is serving %s on %s after %d ms", child.pid(),
                            settings.model().getFileName(), url(), (System.nanoTime() - startedAt) / 1_000_000);
                    servedOnce = true;
                    failedInARow = 0;
                    firstStart.complete(null);
                    why = "llama-server exited with code " + child.waitFor();
                } else if (child.isAlive() && !stopping()) {
                    child.destroyForcibly().waitFor();
                    why = "llama-server did not load the model within " + settings.startTimeout()
                            + " (thinkgate.engine.start-timeout)";
                } else {
                    why = "llama-server exited with code " + child.waitFor() + " before it loaded the model";
                }
                if (stopping()) {
                    LOG.infof("llama-server exited (code %d)", child.exitValue());
                    firstStart.completeExceptionally(new IllegalStateException("stopped before llama-server loaded"));
                    return;
                }
                if (!servedOnce) {
                    giveUp(why + "; its last lines:\n" + tail());
                    return;
                }
                if (!up) {
                    failedInARow++;
                }
                if (failedInARow >= settings.maxRestarts()) {
                    giveUp(why + ", " + failedInARow + " restarts in a row did not come up "
                            + "(thinkgate.engine.llama-server.max-restarts); its last lines:\n" + tail());
                    return;
                }
                Duration backoff = backoff(failedInARow);
                LOG.warnf("%s; starting it again in %d ms", why, backoff.toMillis());
                events.restarting();
                Thread.sleep(backoff.toMillis());
            }
        } catch (InterruptedException e) {
            // close() interrupts only once no child runs
        }
    }

    /** Starts one llama-server, or returns null when stopping or when it cannot be run at all. */
    private Process spawn() {
        if (executable(settings.binary()).isEmpty()) {
            giveUp("cannot run llama-server: no executable '" + settings.binary() + "'"
                    + (settings.binary().contains("/") ? "" : " on the PATH")
                    + " (thinkgate.engine.llama-server.binary)");
            return null;
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(settings.command(port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // In the environment, not on the command line, where every local user could read it.
        builder.environment().put("LLAMA_API_KEY", apiKey);
        synchronized (this) {
            if (stopping) {
                return null;
            }
            try {
                process = builder.start();
            } catch (IOException e) {
                giveUp("cannot run llama-server '" + settings.binary() + "' (thinkgate.engine.llama-server.binary): "
                        + e.getMessage());
                return null;
            }
            LOG.infof("Started llama-server (pid %d): %s", process.pid(), String.join(" ", command));
            Process child = process;
            Thread pump = new Thread(() -> pumpLog(child), "llama-server-log-" + child.pid());
            pump.setDaemon(true);
            pump.start();
            return child;
        }
    }

    private void pumpLog(Process child) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                remember(line);
                if (settings.logOutput()) {
                    ServerLogLine parsed = ServerLogLine.parse(line);
                    SERVER_LOG.log(parsed.level(), parsed.message());
                }
            }
        } catch (IOException e) {
            // the pipe closes when the child ends
        }
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    private synchronized String tail() {
        return tail.isEmpty() ? "(none)" : String.join("\n", tail);
    }

    private synchronized boolean stopping() {
        return stopping;
    }

    private void giveUp(String reason) {
        LOG.error(reason);
        if (!firstStart.completeExceptionally(new IllegalStateException(reason))) {
            events.gaveUp(reason);
        }
    }

    private Duration backoff(int failedInARow) {
        Duration wait = settings.restartBackoff().multipliedBy(1L << Math.min(failedInARow, 16));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** {@code setpriv --pdeathsig KILL --} where util-linux has it, else nothing (and a warning). */
    private static List<String> deathSignalLauncher() {
        Optional<Path> setpriv = executable("setpriv");
        if (setpriv.isEmpty()) {
            LOG.warn("setpriv (util-linux) is not on the PATH: if this JVM is killed, its llama-server keeps running");
            return List.of();
        }
        return List.of(setpriv.get().toString(), "--pdeathsig", "KILL", "--");
    }

    /** A path as it is, a bare name as the shell finds it on the PATH; empty when no executable file is there. */
    private static Optional<Path> executable(String name) {
        if (name.contains("/")) {
            return Optional.of(Path.of(name)).filter(Files::isExecutable);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for llama-server", e);
        }
    }
}
