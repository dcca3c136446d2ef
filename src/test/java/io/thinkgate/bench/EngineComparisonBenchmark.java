package io.thinkgate.bench;

import io.thinkgate.bench.BenchSupport.Server;
import io.thinkgate.bench.BenchSupport.Stats;
import io.thinkgate.bench.StreamingOverheadBenchmark.Arm;
import io.thinkgate.bench.StreamingOverheadBenchmark.Result;
import io.thinkgate.engine.gguf.GgmlType;
import io.thinkgate.engine.synthetic.RandomWeightsModel;
import io.thinkgate.it.PackagedServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Issue 8: three arms on one model, prompt and sampling, streamed {@code /v1/completions}: llama-server direct
 * (Debian sid's, in the image {@code .ci/docker-setup} builds), ThinkGate on that llama-server, and ThinkGate
 * embedded. Rounds alternate between the arms; only the processes of the arm being measured do work. Goal:
 * ThinkGate on llama-server ≥ 0.95× llama-server direct at every concurrency. Not a test: prints numbers.
 *
 * <p>Run (see loadtests/README.md): {@code ./mvnw -B -q package -DskipTests exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.thinkgate.bench.EngineComparisonBenchmark}. Properties as in
 * {@link StreamingOverheadBenchmark}, plus {@code bench.concurrency} (1,4,16) and {@code bench.llama-server-image}.
 */
public final class EngineComparisonBenchmark {

    private static final String DIRECT = "llama-server direct";
    private static final String PROXIED = "ThinkGate on llama-server";
    private static final String EMBEDDED = "ThinkGate embedded";
    private static final int CONTEXT_PER_SLOT = 4096;

    public static void main(String[] args) {
        BenchSupport.runAndExit(EngineComparisonBenchmark::run);
    }

    private static void run() throws Exception {
        long modelMb = BenchSupport.intProp("bench.model-mb", 80);
        int maxTokens = BenchSupport.intProp("bench.max-tokens", 128);
        int runs = BenchSupport.intProp("bench.runs", 4);
        int slots = BenchSupport.intProp("bench.slots", 4);
        int requests = BenchSupport.intProp("bench.requests", 16);
        int retries = BenchSupport.intProp("bench.retries", 3);
        int[] concurrencies = java.util.Arrays.stream(System.getProperty("bench.concurrency", "1,4,16").split(","))
                .mapToInt(Integer::parseInt).toArray();
        String image = System.getProperty("bench.llama-server-image", "thinkgate-base:sid-llama-server");

        RandomWeightsModel m = RandomWeightsModel.ofSize(modelMb << 20, GgmlType.Q8_0);
        Path file = BenchSupport.modelFile(m);
        System.out.printf(Locale.ROOT, "%s | %d cores | model %s (d=%d, layers=%d) | %d slots x %d context | "
                        + "max_tokens %d | %d requests per round%n", OffsetDateTime.now(),
                Runtime.getRuntime().availableProcessors(), file.getFileName(), m.embedding(), m.layers(), slots,
                CONTEXT_PER_SLOT, maxTokens, requests);

        Map<String, List<Double>> results = new TreeMap<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (LlamaServerContainer llamaServer = new LlamaServerContainer(image, file, slots);
                Server proxied = new Server("engines-proxied", file, slots, false, List.of(
                        "thinkgate.engine.kind=llama-server", "thinkgate.engine.url=" + llamaServer.base()));
                Server embedded = new Server("engines-embedded", file, slots, false,
                        List.of("thinkgate.engine.context-size=" + CONTEXT_PER_SLOT))) {
            Map<String, Arm> arms = new LinkedHashMap<>();
            arms.put(DIRECT, () -> StreamingOverheadBenchmark.http(http, llamaServer.base().resolve("/v1/completions"),
                    maxTokens));
            arms.put(PROXIED, () -> StreamingOverheadBenchmark.http(proxied, maxTokens));
            arms.put(EMBEDDED, () -> StreamingOverheadBenchmark.http(embedded, maxTokens));
            Map<String, long[]> pids = Map.of(DIRECT, new long[] {llamaServer.pid()},
                    PROXIED, new long[] {llamaServer.pid(), proxied.pid()}, EMBEDDED, new long[] {embedded.pid()});
            List<String> order = new ArrayList<>(arms.keySet());
            for (int c : concurrencies) {
                for (String arm : order) {
                    StreamingOverheadBenchmark.measure(arms.get(arm), c, c);
                }
                for (int r = 0; r < runs; r++) {
                    List<String> round = new ArrayList<>(order);
                    java.util.Collections.rotate(round, r);
                    for (String arm : round) {
                        String key = arm + " c=" + c;
                        for (int attempt = 0; ; attempt++) {
                            BenchSupport.waitForQuiet();
                            long[] own = java.util.stream.LongStream.concat(
                                    java.util.stream.LongStream.of(ProcessHandle.current().pid()),
                                    java.util.Arrays.stream(pids.get(arm))).toArray();
                            BenchSupport.CpuMeter cpu = new BenchSupport.CpuMeter(own).start();
                            Result res = StreamingOverheadBenchmark.measure(arms.get(arm), c, requests);
                            double foreign = cpu.foreignShare();
                            boolean clean = !(foreign > StreamingOverheadBenchmark.MAX_FOREIGN);
                            boolean keep = clean || attempt >= retries;
                            System.out.printf(Locale.ROOT, "  run %d %-32s %5d tokens in %6.2f s = %7.2f tok/s"
                                            + "  [other processes %.0f%% of the CPU]%s%n", r + 1, key, res.tokens(),
                                    res.seconds(), res.tokPerSec(), 100 * foreign,
                                    clean ? "" : keep ? " DISTURBED, kept" : " DISTURBED, redo");
                            if (keep) {
                                results.computeIfAbsent(key, x -> new ArrayList<>()).add(res.tokPerSec());
                                break;
                            }
                        }
                    }
                }
            }
        }

        System.out.println();
        System.out.println("Summary (tok/s = generated tokens of all requests / wall time of the round)");
        for (int c : concurrencies) {
            Stats direct = Stats.of(results.get(DIRECT + " c=" + c));
            Stats proxied = Stats.of(results.get(PROXIED + " c=" + c));
            Stats embedded = Stats.of(results.get(EMBEDDED + " c=" + c));
            System.out.printf(Locale.ROOT, "concurrency %2d  %-26s %s%n", c, DIRECT, direct.format("tok/s"));
            System.out.printf(Locale.ROOT, "concurrency %2d  %-26s %s%n", c, PROXIED, proxied.format("tok/s"));
            System.out.printf(Locale.ROOT, "concurrency %2d  %-26s %s%n", c, EMBEDDED, embedded.format("tok/s"));
            double ratio = proxied.mean() / direct.mean();
            System.out.printf(Locale.ROOT, "concurrency %2d  ThinkGate on llama-server / direct %.3f (goal >= 0.95:"
                    + " %s); embedded / direct %.3f%n", c, ratio, ratio >= 0.95 ? "met" : "NOT met",
                    embedded.mean() / direct.mean());
        }
    }

    /** Debian's llama-server in its local image, on the host network, on loopback. */
    static final class LlamaServerContainer implements AutoCloseable {

        private final String name = "thinkgate-bench-llama-server-" + ProcessHandle.current().pid();
        private final int port;
        private final long pid;

        LlamaServerContainer(String image, Path model, int slots) throws Exception {
            port = PackagedServer.freePort();
            Path dir = model.toAbsolutePath().getParent();
            docker("run", "-d", "--rm", "--name", name, "--network", "host", "-v", dir + ":/models:ro", image,
                    "llama-server", "-m", "/models/" + model.getFileName(), "--host", "127.0.0.1", "--port",
                    String.valueOf(port), "-np", String.valueOf(slots), "-c", String.valueOf(slots * CONTEXT_PER_SLOT),
                    "-b", "512", "--no-webui");
            Runtime.getRuntime().addShutdownHook(new Thread(this::close));
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(base().resolve("/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("llama-server was not healthy within 2 minutes: docker logs "
                            + name);
                }
                BenchSupport.pause(200);
            }
            pid = Long.parseLong(docker("inspect", "-f", "{{.State.Pid}}", name).strip());
            System.out.printf(Locale.ROOT, "llama-server (%s) pid %d on %s%n", image, pid, base());
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + port);
        }

        long pid() {
            return pid;
        }

        private static String docker(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("docker"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out
                        + " (run `sudo .ci/docker-setup` to build the image)");
            }
            return out;
        }

        @Override
        public void close() {
            try {
                new ProcessBuilder("docker", "rm", "-f", name).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                System.err.println("could not remove container " + name + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private EngineComparisonBenchmark() {
    }
}
