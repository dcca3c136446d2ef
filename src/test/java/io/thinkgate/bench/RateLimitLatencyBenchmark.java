package io.thinkgate.bench;

import io.thinkgate.auth.KeyRing;
import io.thinkgate.bench.BenchSupport.Server;
import io.thinkgate.engine.gguf.GgmlType;
import io.thinkgate.engine.synthetic.RandomWeightsModel;
import io.thinkgate.it.RedisServer;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 13: the latency a request gains from its key's limits, counted in this process or in Redis, against the
 * same key without limits. Each request is a one-token text completion on a small model, sent one after another,
 * so that the limits' share of the time shows; a key with limits is checked and counted on admission, takes its
 * first budget tokens before the prompt runs, and charges and gives back after the reply. Arms run one server at
 * a time, in alternating rounds (off, memory, redis, then redis, memory, off, ...). Not a test: prints numbers.
 *
 * <p>Run (see loadtests/README.md): {@code ./mvnw -B -q package -DskipTests exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.thinkgate.bench.RateLimitLatencyBenchmark}. Needs Debian's {@code redis-server} (installed by
 * {@code .ci/docker-setup}). Properties: {@code bench.runs} (4 rounds per arm), {@code bench.requests} (400 measured
 * requests per round, after {@code bench.warmup}, 200, unmeasured ones), {@code bench.threads} (llama.cpp's CPU
 * threads; 0, the default, lets it decide: on 2 cores it takes both, and its threads spin-wait after each decode,
 * so that Redis and the event loop wait for a core).
 */
public final class RateLimitLatencyBenchmark {

    private static final String KEY = "tg-bench-latency-5c0e9a";
    private static final String BODY = "{\"prompt\":\"Hello\",\"max_tokens\":1,\"temperature\":0}";

    public static void main(String[] args) {
        BenchSupport.runAndExit(RateLimitLatencyBenchmark::run);
    }

    private static void run() throws Exception {
        int runs = BenchSupport.intProp("bench.runs", 4);
        int requests = BenchSupport.intProp("bench.requests", 400);
        int warmup = BenchSupport.intProp("bench.warmup", 200);
        RandomWeightsModel m = RandomWeightsModel.ofSize(16L << 20, GgmlType.Q8_0);
        Path model = BenchSupport.modelFile(m);
        Files.createDirectories(BenchSupport.LOGS);
        Path open = BenchSupport.LOGS.resolve("latency-keys-open.txt");
        Path limited = BenchSupport.LOGS.resolve("latency-keys-limited.txt");
        Path perMinute = BenchSupport.LOGS.resolve("latency-keys-per-minute.txt");
        Files.write(open, List.of(KeyRing.line("bench", KEY)));
        Files.write(perMinute, List.of(KeyRing.line("bench", KEY) + " rpm=100000000 tpm=100000000000"));
        Files.write(limited, List.of(KeyRing.line("bench", KEY) + " rpm=100000000 tpm=100000000000 "
                + "budget=100000000000/day"));
        RedisServer redis = new RedisServer();
        String url = redis.start().get("thinkgate.limits.redis");
        Map<String, List<String>> arms = new LinkedHashMap<>();
        arms.put("off", List.of("thinkgate.auth.keys-file=" + open.toAbsolutePath()));
        arms.put("memory", List.of("thinkgate.auth.keys-file=" + limited.toAbsolutePath()));
        arms.put("redis-minute", List.of("thinkgate.auth.keys-file=" + perMinute.toAbsolutePath(),
                "thinkgate.limits.redis=" + url));
        arms.put("redis", List.of("thinkgate.auth.keys-file=" + limited.toAbsolutePath(),
                "thinkgate.limits.redis=" + url));
        System.out.printf(Locale.ROOT, "%s | %d cores | model %s | llama.cpp threads %d (0: its choice) | "
                        + "sequential one-token /v1/completions | %d rounds per arm of %d requests after %d "
                        + "unmeasured%n", OffsetDateTime.now(), Runtime.getRuntime().availableProcessors(),
                model.getFileName(), BenchSupport.intProp("bench.threads", 0), runs, requests, warmup);
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        arms.keySet().forEach(arm -> millis.put(arm, new ArrayList<>()));
        try {
            List<String> order = new ArrayList<>(arms.keySet());
            for (int round = 0; round < runs; round++) {
                for (String arm : order) {
                    List<Double> times = round(arm, model, arms.get(arm), warmup, requests);
                    millis.get(arm).addAll(times);
                    System.out.printf(Locale.ROOT, "round %d %-12s median %.3f ms  p99 %.3f ms%n", round + 1, arm,
                            percentile(times, 50), percentile(times, 99));
                }
                Collections.reverse(order);
            }
        } finally {
            redis.stop();
        }
        double offMedian = percentile(millis.get("off"), 50);
        double offP99 = percentile(millis.get("off"), 99);
        System.out.println();
        System.out.println("| limits | requests | median ms | p90 ms | p99 ms | median added | p99 added |");
        System.out.println("|---|---|---|---|---|---|---|");
        millis.forEach((arm, times) -> System.out.printf(Locale.ROOT,
                "| %s | %d | %.3f | %.3f | %.3f | %+.3f ms | %+.3f ms |%n", arm, times.size(), percentile(times, 50),
                percentile(times, 90), percentile(times, 99), percentile(times, 50) - offMedian,
                percentile(times, 99) - offP99));
    }

    private static List<Double> round(String arm, Path model, List<String> armProperties, int warmup, int requests)
            throws IOException {
        BenchSupport.waitForQuiet();
        List<String> properties = new ArrayList<>(armProperties);
        properties.add("thinkgate.engine.threads=" + BenchSupport.intProp("bench.threads", 0));
        try (Server server = new Server("latency-" + arm, model, 1, false, properties)) {
            HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/completions"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
            List<Double> times = new ArrayList<>(requests);
            for (int i = 0; i < warmup + requests; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> reply = server.http.send(request, HttpResponse.BodyHandlers.ofString());
                long nanos = System.nanoTime() - t0;
                if (reply.statusCode() != 200) {
                    throw new IllegalStateException(arm + ": " + reply.statusCode() + " " + reply.body());
                }
                if (i >= warmup) {
                    times.add(nanos / 1e6);
                }
            }
            return times;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
