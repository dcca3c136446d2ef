package io.thinkgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.bench.BenchSupport.Server;
import io.thinkgate.bench.BenchSupport.Stats;
import io.thinkgate.engine.gguf.GgmlType;
import io.thinkgate.engine.synthetic.RandomWeightsModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 9: what auto's {@code probe} costs, on the 400 MB random reasoning model with the embedded engine and one
 * slot. Each round sends, on fresh messages of {@code bench.prompt-words} words (about as many tokens), (A) a
 * {@code no_think} request and (B) an auto request with the probe strategy, in alternating order; both generate at
 * most {@code bench.max-tokens} tokens. It prints the probe's own latency (the decision's {@code cost.ms}) as a
 * fraction of A's latency (what the probe would add if it shared nothing with the request), and B's latency minus
 * A's as a fraction of A's (what it adds with the shared prefix, which the slot's cache serves to the request:
 * llama.cpp's log says how many tokens, {@code kv cache rm [n_past, end)}). Not a test: prints numbers.
 *
 * <p>Run (see loadtests/README.md): {@code ./mvnw -B -q package -DskipTests exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.thinkgate.bench.ProbeOverheadBenchmark}. Properties: {@code bench.model-mb} (400),
 * {@code bench.prompt-words} (400), {@code bench.max-tokens} (8), {@code bench.runs} (4).
 */
public final class ProbeOverheadBenchmark {

    public static void main(String[] args) {
        BenchSupport.runAndExit(ProbeOverheadBenchmark::run);
    }

    private record Reply(double seconds, JsonNode json) {
    }

    private static void run() throws Exception {
        long modelMb = BenchSupport.intProp("bench.model-mb", 400);
        int words = BenchSupport.intProp("bench.prompt-words", 400);
        int maxTokens = BenchSupport.intProp("bench.max-tokens", 8);
        int runs = BenchSupport.intProp("bench.runs", 4);
        RandomWeightsModel m = RandomWeightsModel.ofSize(modelMb << 20, GgmlType.Q8_0).asReasoning();
        Path file = BenchSupport.modelFile(m);
        System.out.printf(Locale.ROOT, "%s | %d cores | model %s (d=%d, layers=%d) | 1 slot | messages of %d words "
                        + "| max_tokens %d%n", OffsetDateTime.now(), Runtime.getRuntime().availableProcessors(),
                file.getFileName(), m.embedding(), m.layers(), words, maxTokens);
        List<Double> plain = new ArrayList<>();
        List<Double> probed = new ArrayList<>();
        List<Double> probeOwn = new ArrayList<>();
        List<Double> ownShare = new ArrayList<>();
        List<Double> netShare = new ArrayList<>();
        try (Server server = new Server("probe-overhead", file, 1, true)) {
            send(server, body("warm up", 4, "\"reasoning_effort\":\"none\""));
            for (int r = 1; r <= runs; r++) {
                BenchSupport.waitForQuiet();
                String plainBody = body(ForcedConclusionBenchmark.words(words, 2L * r), maxTokens,
                        "\"reasoning_effort\":\"none\"");
                String probeBody = body(ForcedConclusionBenchmark.words(words, 2L * r + 1), maxTokens,
                        "\"thinkgate\":{\"mode\":\"auto\",\"auto\":{\"strategy\":\"probe\"}}");
                Reply a;
                Reply b;
                int logMark;
                if (r % 2 == 1) {
                    a = send(server, plainBody);
                    logMark = server.logText().length();
                    b = send(server, probeBody);
                } else {
                    logMark = server.logText().length();
                    b = send(server, probeBody);
                    a = send(server, plainBody);
                }
                List<int[]> cache = ForcedConclusionBenchmark.cacheLines(server.logText().substring(logMark));
                JsonNode decision = b.json().at("/thinkgate/decision");
                double own = decision.at("/cost/ms").asDouble() / 1000;
                plain.add(a.seconds());
                probed.add(b.seconds());
                probeOwn.add(own);
                ownShare.add(own / a.seconds());
                netShare.add((b.seconds() - a.seconds()) / a.seconds());
                System.out.printf(Locale.ROOT, "run %d: no_think %.3f s | probe request %.3f s (probe %.3f s, chose "
                                + "%s at %.2f) | probe/no_think %.1f%% | added %.1f%% | llama.cpp cache %s%n", r,
                        a.seconds(), b.seconds(), own, decision.path("chosen").asText(),
                        decision.path("difficulty").asDouble(), 100 * own / a.seconds(),
                        100 * (b.seconds() - a.seconds()) / a.seconds(), ForcedConclusionBenchmark.format(cache));
            }
        }
        System.out.println();
        System.out.println("no_think request  " + Stats.of(plain).format("s"));
        System.out.println("probe request     " + Stats.of(probed).format("s"));
        System.out.println("the probe itself  " + Stats.of(probeOwn).format("s"));
        System.out.println("probe / no_think  " + Stats.of(ownShare.stream().map(x -> 100 * x).toList()).format("%"));
        System.out.println("added / no_think  " + Stats.of(netShare.stream().map(x -> 100 * x).toList()).format("%"));
    }

    private static String body(String content, int maxTokens, String control) {
        return String.format(Locale.ROOT, "{\"messages\":[{\"role\":\"user\",\"content\":%s}],\"max_tokens\":%d,"
                + "\"temperature\":0,%s}", StreamingOverheadBenchmark.quote(content), maxTokens, control);
    }

    private static Reply send(Server server, String body) {
        try {
            long t0 = System.nanoTime();
            HttpResponse<String> reply = server.http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                    .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (reply.statusCode() != 200) {
                throw new IllegalStateException(reply.statusCode() + " " + reply.body());
            }
            return new Reply(seconds, BenchSupport.JSON.readTree(reply.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProbeOverheadBenchmark() {
    }
}
