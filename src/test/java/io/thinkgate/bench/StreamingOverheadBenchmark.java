package io.thinkgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.bench.BenchSupport.Server;
import io.thinkgate.bench.BenchSupport.Sse;
import io.thinkgate.bench.BenchSupport.Stats;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.TokenStream;
import io.thinkgate.engine.gguf.GgmlType;
import io.thinkgate.engine.llama.LlamaEngine;
import io.thinkgate.engine.llama.LlamaSettings;
import io.thinkgate.engine.synthetic.RandomWeightsModel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 2: tokens/s streamed over HTTP (SSE from {@code /v1/completions} of the packaged server, a child process)
 * against the binding called directly ({@link LlamaEngine} in this JVM), same model, prompt, sampling and token
 * count, same number of slots, at concurrency 1 and 4. Goal: HTTP/direct ≥ 0.95. Not a test: prints numbers.
 *
 * <p>Run (see loadtests/README.md): {@code ./mvnw -B -q package -DskipTests exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.thinkgate.bench.StreamingOverheadBenchmark}. Properties: {@code bench.model-mb} (80),
 * {@code bench.max-tokens} (128), {@code bench.runs} (4 measured rounds per arm and concurrency, after a warm-up
 * round), {@code bench.slots} (4), {@code bench.requests} (12 requests per round, spread over the c client
 * streams), {@code bench.quiet-wait-s} (30: before each round, wait up to this long for the machine to go idle).
 */
public final class StreamingOverheadBenchmark {

    static final String PROMPT = "<|system|>You are a helpful assistant.<|user|>Tell me a long story about a "
            + "lighthouse keeper who finds a message in a bottle, and what the message says.<|assistant|>";
    static final double TEMPERATURE = 0.7;
    static final double TOP_P = 0.95;
    static final long SEED = 7;
    /**
     * A round during which other processes used more than this share of the CPU is measured again (at most
     * {@code bench.retries} times): llama.cpp's threads spin-wait on each other, so a concurrent build on one of the
     * two cores can slow a round down tenfold.
     */
    static final double MAX_FOREIGN = 0.05;

    public static void main(String[] args) {
        BenchSupport.runAndExit(StreamingOverheadBenchmark::run);
    }

    private static void run() throws Exception {
        long modelMb = BenchSupport.intProp("bench.model-mb", 80);
        int maxTokens = BenchSupport.intProp("bench.max-tokens", 128);
        int runs = BenchSupport.intProp("bench.runs", 4);
        int slots = BenchSupport.intProp("bench.slots", 4);
        int requests = BenchSupport.intProp("bench.requests", 12);
        int[] concurrencies = {1, 4};

        RandomWeightsModel m = RandomWeightsModel.ofSize(modelMb << 20, GgmlType.Q8_0);
        Path file = BenchSupport.modelFile(m);
        System.out.printf(Locale.ROOT, "%s | %d cores | model %s (d=%d, layers=%d, ff=%d) | %d slots | max_tokens %d"
                        + " | %d requests per round | temperature %.1f top_p %.2f seed %d%n",
                OffsetDateTime.now(), Runtime.getRuntime().availableProcessors(), file.getFileName(), m.embedding(),
                m.layers(), m.feedForward(), slots, maxTokens, requests, TEMPERATURE, TOP_P, SEED);

        int retries = BenchSupport.intProp("bench.retries", 3);
        Map<String, List<Double>> results = new TreeMap<>();
        List<String> disturbed = new ArrayList<>();
        try (LlamaEngine engine = new LlamaEngine(LlamaSettings.of(file).withParallel(slots).withContextSize(4096)
                .withNativeTempDir(BenchSupport.NATIVE_TMP));
                Server server = new Server("streaming-overhead", file, slots, false)) {
            for (int c : concurrencies) {
                Arm direct = () -> direct(engine, maxTokens);
                Arm http = () -> http(server, maxTokens);
                // warm-up: one round each, not counted
                measure(direct, c, c);
                measure(http, c, c);
                for (int r = 0; r < runs; r++) {
                    // ABBA order, so that a drift in background load hits both arms alike
                    boolean directFirst = r % 2 == 0;
                    for (int k = 0; k < 2; k++) {
                        boolean isDirect = (k == 0) == directFirst;
                        String key = (isDirect ? "direct" : "http") + " c=" + c;
                        for (int attempt = 0; ; attempt++) {
                            double busy = BenchSupport.waitForQuiet();
                            BenchSupport.CpuMeter cpu = new BenchSupport.CpuMeter(ProcessHandle.current().pid(),
                                    server.pid()).start();
                            Result res = measure(isDirect ? direct : http, c, requests);
                            double foreign = cpu.foreignShare();
                            boolean clean = !(foreign > MAX_FOREIGN);
                            boolean keep = clean || attempt >= retries;
                            System.out.printf(Locale.ROOT, "  run %d %-11s %5d tokens (%5d text chunks) in %6.2f s = "
                                            + "%7.2f tok/s  [busy before %.0f%%, other processes during %.0f%% of the CPU]"
                                            + "%s%n", r + 1, key, res.tokens, res.chunks, res.seconds, res.tokPerSec(),
                                    100 * busy, 100 * foreign, clean ? "" : keep ? " DISTURBED, kept" : " DISTURBED, redo");
                            if (keep) {
                                results.computeIfAbsent(key, x -> new ArrayList<>()).add(res.tokPerSec());
                                if (!clean) {
                                    disturbed.add(key + " run " + (r + 1));
                                }
                                break;
                            }
                        }
                    }
                }
            }
        }

        System.out.println();
        System.out.println("Summary (tok/s = generated tokens of all requests / wall time of the round)");
        if (!disturbed.isEmpty()) {
            System.out.println("rounds kept although other processes ran: " + disturbed);
        }
        for (int c : concurrencies) {
            Stats d = Stats.of(results.get("direct c=" + c));
            Stats h = Stats.of(results.get("http c=" + c));
            List<Double> d0 = results.get("direct c=" + c);
            List<Double> h0 = results.get("http c=" + c);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < d0.size(); i++) {
                ratios.add(h0.get(i) / d0.get(i));
            }
            Stats rr = Stats.of(ratios);
            System.out.printf(Locale.ROOT, "concurrency %d  direct %s%n", c, d.format("tok/s"));
            System.out.printf(Locale.ROOT, "concurrency %d  http   %s%n", c, h.format("tok/s"));
            System.out.printf(Locale.ROOT, "concurrency %d  ratio http/direct: of means %.3f, per run %.3f"
                    + " (min %.3f, max %.3f)  goal >= 0.95: %s%n", c, h.mean() / d.mean(), rr.mean(), rr.min(),
                    rr.max(), h.mean() / d.mean() >= 0.95 ? "met" : "NOT met");
        }
    }

    /** One request; returns its [tokens, text chunks]. */
    interface Arm {
        int[] once() throws Exception;
    }

    record Result(int tokens, int chunks, double seconds) {
        double tokPerSec() {
            return tokens / seconds;
        }
    }

    /** {@code requests} requests from {@code c} client threads, each sending its share one after another. */
    static Result measure(Arm arm, int c, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(c);
        AtomicInteger left = new AtomicInteger(requests);
        try {
            long t0 = System.nanoTime();
            List<Future<int[]>> fs = new ArrayList<>();
            for (int i = 0; i < c; i++) {
                fs.add(pool.submit(() -> {
                    int[] sum = new int[2];
                    while (left.getAndDecrement() > 0) {
                        int[] one = arm.once();
                        sum[0] += one[0];
                        sum[1] += one[1];
                    }
                    return sum;
                }));
            }
            int tokens = 0;
            int chunks = 0;
            for (Future<int[]> f : fs) {
                int[] s = f.get(10, TimeUnit.MINUTES);
                tokens += s[0];
                chunks += s[1];
            }
            return new Result(tokens, chunks, (System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Pieces of a TokenStream: every piece is one generated token ("" for end of sequence). */
    static int[] direct(LlamaEngine engine, int maxTokens) {
        GenerationRequest req = new GenerationRequest(PROMPT, maxTokens,
                new GenerationRequest.Sampling(TEMPERATURE, TOP_P, OptionalLong.of(SEED)), null);
        int tokens = 0;
        int chunks = 0;
        try (TokenStream s = engine.generate(req)) {
            while (true) {
                var p = s.next();
                if (p.isEmpty()) {
                    break;
                }
                tokens++;
                if (!p.get().isEmpty()) {
                    chunks++;
                }
            }
        }
        return new int[] {tokens, chunks};
    }

    /**
     * SSE chunks of {@code /v1/completions}: tokens = {@code usage.completion_tokens} of the final usage chunk (the
     * gateway counts pieces exactly like {@link #direct}); chunks = events with non-empty text.
     */
    static int[] http(Server server, int maxTokens) {
        return http(server.http, server.uri("/v1/completions"), maxTokens);
    }

    /** The same request to any OpenAI-style {@code /v1/completions} at {@code uri}. */
    static int[] http(java.net.http.HttpClient client, java.net.URI uri, int maxTokens) {
        String body = String.format(Locale.ROOT, "{\"prompt\":%s,\"max_tokens\":%d,\"temperature\":%s,\"top_p\":%s,"
                        + "\"seed\":%d,\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                quote(PROMPT), maxTokens, TEMPERATURE, TOP_P, SEED);
        Sse sse = BenchSupport.stream(client, uri, body, Duration.ofMinutes(5));
        int chunks = 0;
        int usage = -1;
        for (BenchSupport.Event e : sse.events) {
            String d = e.data();
            if (d.contains("\"usage\"")) {
                JsonNode u = e.json().path("usage");
                if (u.has("completion_tokens")) {
                    usage = u.get("completion_tokens").asInt();
                }
            }
            int i = d.indexOf("\"text\":\"");
            if (i >= 0 && d.charAt(i + 8) != '"') {
                chunks++;
            }
        }
        if (!sse.done) {
            throw new IllegalStateException("stream ended without [DONE]");
        }
        return new int[] {usage >= 0 ? usage : chunks, chunks};
    }

    static String quote(String s) {
        try {
            return BenchSupport.JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private StreamingOverheadBenchmark() {
    }
}
