package io.thinkgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinkgate.engine.synthetic.RandomWeightsModel;
import io.thinkgate.it.PackagedServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared plumbing of the benchmarks (not a test): model files under {@code target/bench-models/}, the packaged
 * server as a child process on 127.0.0.1, a small SSE client and summary statistics.
 */
final class BenchSupport {

    /** A benchmark body; anything it throws fails the run. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs a benchmark and exits the JVM with 0 or 1: {@code LlamaModel.close()} leaves a non-daemon native thread
     * behind, which {@code exec:java} would otherwise wait for forever.
     */
    static void runAndExit(Body body) {
        int status = 1;
        try {
            body.run();
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
        }
        System.exit(status);
    }


    static final ObjectMapper JSON = new ObjectMapper();
    static final Path MODELS = Path.of("target", "bench-models");
    static final Path LOGS = Path.of("target", "bench-logs");
    static final Path NATIVE_TMP = Path.of("target", "thinkgate-native");

    private BenchSupport() {
    }

    static int intProp(String key, int def) {
        return Integer.parseInt(System.getProperty(key, String.valueOf(def)));
    }

    /** Writes the model once (the file name holds every shape parameter) and reuses it afterwards. */
    static Path modelFile(RandomWeightsModel m) throws IOException {
        Files.createDirectories(MODELS);
        String name = String.format(Locale.ROOT, "random-d%d-l%d-ff%d-kv%d-v%d-%s-s%d%s.gguf", m.embedding(),
                m.layers(), m.feedForward(), m.kvHeads(), m.vocab(), m.type().name().toLowerCase(Locale.ROOT),
                m.seed(), m.reasoning() ? "-reasoning" : "");
        Path file = MODELS.resolve(name);
        if (Files.exists(file) && Files.size(file) > m.approximateBytes()) {
            return file;
        }
        long t0 = System.nanoTime();
        Path tmp = MODELS.resolve(name + ".part");
        m.writeTo(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "wrote %s (%d MB) in %.1f s%n", file, Files.size(file) >> 20,
                (System.nanoTime() - t0) / 1e9);
        return file;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Busy and total jiffies of the whole machine ({@code /proc/stat}), or null off Linux. */
    static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of a process in jiffies, 0 if unknown. */
    static long processJiffies(long pid) {
        try {
            String st = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Share of the machine's CPU that processes other than {@code pids} used between {@link #start} and
     * {@link #foreignShare}: other builds on the same 2 cores make llama.cpp's threads wait on each other.
     */
    static final class CpuMeter {
        private final long[] pids;
        private long[] m0;
        private long own0;

        CpuMeter(long... pids) {
            this.pids = pids;
        }

        CpuMeter start() {
            m0 = machineJiffies();
            own0 = own();
            return this;
        }

        private long own() {
            long s = 0;
            for (long p : pids) {
                s += processJiffies(p);
            }
            return s;
        }

        /** Foreign busy share of all cores, 0..1 (NaN if unknown). */
        double foreignShare() {
            long[] m1 = machineJiffies();
            if (m0 == null || m1 == null || m1[1] == m0[1]) {
                return Double.NaN;
            }
            return Math.max(0, (double) (m1[0] - m0[0] - (own() - own0)) / (m1[1] - m0[1]));
        }
    }

    /**
     * Waits (at most {@code bench.quiet-wait-s} seconds, default 30) until the machine is nearly idle (busy below
     * 15% over a second), so that runs start without a concurrent build. Returns the last busy share seen.
     */
    static double waitForQuiet() {
        long deadline = System.nanoTime() + Duration.ofSeconds(intProp("bench.quiet-wait-s", 30)).toNanos();
        double busy;
        do {
            long[] a = machineJiffies();
            pause(1000);
            long[] b = machineJiffies();
            if (a == null || b == null || b[1] == a[1]) {
                return Double.NaN;
            }
            busy = (double) (b[0] - a[0]) / (b[1] - a[1]);
        } while (busy > 0.15 && System.nanoTime() < deadline);
        return busy;
    }

    /** POSTs {@code body} to {@code uri} and reads the SSE stream to its end. */
    static Sse stream(HttpClient http, URI uri, String body, Duration timeout) {
        return stream(http, uri, body, timeout, event -> { });
    }

    /** As {@link #stream(HttpClient, URI, String, Duration)}, telling {@code onEvent} of each event as it comes. */
    static Sse stream(HttpClient http, URI uri, String body, Duration timeout, Consumer<Event> onEvent) {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> r;
            try {
                r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                // a keep-alive connection the server closed while idle: the request never reached it
                r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            }
            Sse sse = new Sse(start);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                if (r.statusCode() != 200) {
                    StringBuilder sb = new StringBuilder();
                    in.lines().forEach(sb::append);
                    throw new IllegalStateException("HTTP " + r.statusCode() + ": " + sb);
                }
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        long now = System.nanoTime();
                        String data = line.substring(6);
                        if (data.equals("[DONE]")) {
                            sse.done = true;
                            break;
                        }
                        Event event = new Event(now, data);
                        sse.events.add(event);
                        onEvent.accept(event);
                    }
                }
            }
            sse.end = System.nanoTime();
            return sse;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The packaged app ({@code target/quarkus-app/quarkus-run.jar}) as a child process, on 127.0.0.1 only. */
    static final class Server implements AutoCloseable {
        final int port;
        final Path log;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final PackagedServer process;

        Server(String name, Path model, int parallel, boolean nativeLog) throws IOException {
            this(name, model, parallel, nativeLog, List.of());
        }

        /** @param extraProperties further {@code -Dkey=value} options of the server JVM (e.g. a thought model) */
        Server(String name, Path model, int parallel, boolean nativeLog, List<String> extraProperties)
                throws IOException {
            Path jar = Path.of(System.getProperty("bench.jar", PackagedServer.JAR.toString()));
            List<String> properties = new ArrayList<>(List.of(
                    "thinkgate.model.path=" + model.toAbsolutePath(),
                    "thinkgate.model.cache-dir=" + Path.of("target", "bench-cache").toAbsolutePath(),
                    "thinkgate.engine.parallel=" + parallel,
                    "thinkgate.engine.native-log=" + nativeLog));
            for (String p : extraProperties) {
                properties.add(p.startsWith("-D") ? p.substring(2) : p);
            }
            long t0 = System.nanoTime();
            this.process = new PackagedServer(jar, LOGS.resolve(name + "-server.log"), properties,
                    Duration.ofSeconds(180));
            this.port = process.port();
            this.log = process.log();
            System.out.printf(Locale.ROOT, "server pid %d on 127.0.0.1:%d ready in %.1f s (log: %s)%n",
                    process.pid(), port, (System.nanoTime() - t0) / 1e9, log);
        }

        long pid() {
            return process.pid();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /** POSTs {@code body} and reads the SSE stream to its end. */
        Sse stream(String path, String body, Duration timeout) {
            return BenchSupport.stream(http, uri(path), body, timeout);
        }

        Sse stream(String path, String body, Duration timeout, Consumer<Event> onEvent) {
            return BenchSupport.stream(http, uri(path), body, timeout, onEvent);
        }

        /** POSTs JSON and returns the reply's status. */
        int post(String path, String body) {
            try {
                return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        String get(String path) {
            try {
                return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/plain")
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The value of an un-labelled Prometheus sample, 0 if absent. */
        double metric(String name) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                    .matcher(get("/q/metrics"));
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        }

        String logText() {
            try {
                return Files.readString(log, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.close();
        }
    }

    record Event(long nanos, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One SSE response: events with their arrival times ({@link System#nanoTime()}). */
    static final class Sse {
        final long start;
        final List<Event> events = new ArrayList<>();
        long end;
        boolean done;

        Sse(long start) {
            this.start = start;
        }
    }

    /** Mean, standard deviation, min and max of a few repetitions. */
    record Stats(double mean, double sd, double min, double max, int n) {
        static Stats of(List<Double> xs) {
            double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double var = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / Math.max(1, xs.size() - 1);
            return new Stats(mean, Math.sqrt(var), xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), xs.size());
        }

        String format(String unit) {
            return String.format(Locale.ROOT, "%8.2f %s (sd %.2f, min %.2f, max %.2f, n=%d)", mean, unit, sd, min, max,
                    n);
        }
    }
}
