package io.thinkgate.loadtests;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.SseMessageCheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;

/**
 * What the simulations share: settings, the HTTP protocol, streamed chats measured to the first token, the server
 * sampler and its figures, and a last "invariants" request that fails (a KO in the report, and so the run) when a
 * property of the whole run was broken.
 */
abstract class ThinkGateSimulation extends Simulation {

    static final String FIRST_TOKEN = "first token";
    static final String LAST_TOKEN = "last token";
    static final String DONE = "done";
    static final String INVARIANTS = "invariants";

    private static final Pattern MODEL_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration DRAIN = Duration.ofSeconds(15);

    final LoadSettings settings = LoadSettings.fromSystemProperties();
    final String model = settings.model().orElseGet(this::firstServedModel);
    final ServerSampler sampler = new ServerSampler(settings);
    private final List<Invariant> invariants = new ArrayList<>(List.of(Invariant.nothingHeldAfterTheLoad()));
    private final AtomicLong sent = new AtomicLong();
    private volatile String verdict;

    HttpProtocolBuilder protocol() {
        HttpProtocolBuilder protocol = http.baseUrl(settings.url().toString()).contentTypeHeader("application/json")
                .userAgentHeader("thinkgate-loadtests");
        return settings.apiKey().map(key -> protocol.authorizationHeader("Bearer " + key)).orElse(protocol);
    }

    void require(Invariant invariant) {
        invariants.add(invariant);
    }

    /**
     * The stream's p95 time to first token, counted from sending the request, must not pass
     * {@code assert.ttft.p95.ms}. Gatling's {@code <name>: first token} entry starts at the response headers, after
     * any wait in the server's queue, so it can't carry this assertion.
     */
    void requireFirstTokenWithin(PhaseMeter meter) {
        int limit = settings.ttftP95Millis();
        require((samples, last) -> meter.firstTokenMillis(95) > limit ? Optional.of(String.format(Locale.ROOT,
                "%s: p95 time to first token %.0f ms, over %d ms", meter.name(), meter.firstTokenMillis(95), limit))
                : Optional.empty());
    }

    /**
     * A streamed chat completion whose {@code thinkgate} object has the fields of {@code thinkgateObject} (null for
     * none) and those of the {@code thinkgate} property (none by default).
     */
    String chatBody(String thinkgateObject) {
        String thinkgate = merge(thinkgateObject, settings.thinkgate().orElse(null));
        return String.format(Locale.ROOT, "{\"model\":%s,\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"max_tokens\":%d,\"messages\":[{\"role\":\"user\",\"content\":%s}]%s}", quote(model),
                settings.maxTokens(), quote(settings.prompt()), thinkgate == null ? "" : ",\"thinkgate\":" + thinkgate);
    }

    /**
     * One streamed chat, read to its end. Its report entries: {@code <name>} (the connection, up to the response
     * headers), {@code <name>: first token} (from there to the first chunk with text), {@code <name>: last token}
     * (from there to the usage chunk) and {@code <name>: done}. The meter takes the time to first token from
     * sending the request.
     */
    ChainBuilder streamedChat(String name, String body, PhaseMeter meter) {
        return counted().exec(session -> {
            long now = System.nanoTime();
            meter.started(now);
            return session.set("startNanos", now);
        }).exec(sse(name).post("/v1/chat/completions").body(StringBody(body))
                        .await(settings.requestTimeout()).on(firstToken(name)))
                .exec(session -> {
                    if (!session.isFailed()) {
                        meter.firstToken(System.nanoTime() - session.getLong("startNanos"));
                    }
                    return session;
                })
                .exec(sse(name).setCheck().await(settings.requestTimeout()).on(
                        sse.checkMessage(name + ": " + LAST_TOKEN)
                                .matching(jsonPath("$.data").transform(d -> Chunks.completionTokens(d).isPresent())
                                        .is(true))
                                .check(jsonPath("$.data").transform(d -> Chunks.completionTokens(d).getAsLong())
                                        .saveAs("completionTokens"), jsonPath("$.data")
                                        .transform(Chunks::reasoningTokens).saveAs("reasoningTokens")),
                        sse.checkMessage(name + ": " + DONE).matching(substring("[DONE]"))))
                .exec(sse(name).close())
                .exec(session -> {
                    if (!session.isFailed()) {
                        meter.completed(System.nanoTime(), session.getLong("completionTokens"),
                                session.getLong("reasoningTokens"));
                    }
                    return session;
                });
    }

    /**
     * A streamed chat the client abandons after {@code chunks} chunks with text, as a user who closes the tab does;
     * its entries are {@code <name>: first token} and {@code <name>: chunk}.
     */
    ChainBuilder abandonedChat(String name, String body, int chunks) {
        List<SseMessageCheck> checks = new ArrayList<>(List.of(firstToken(name)));
        for (int i = 1; i < chunks; i++) {
            checks.add(sse.checkMessage(name + ": chunk")
                    .matching(jsonPath("$.data").transform(Chunks::carriesText).is(true)));
        }
        return counted().exec(sse(name).post("/v1/chat/completions").body(StringBody(body))
                .await(settings.requestTimeout()).on(checks))
                .exec(sse(name).close());
    }

    /**
     * Counts a request about to be sent, and stops the whole run once more than {@code max.requests} have been: a
     * bound on the run's requests besides its duration.
     */
    ChainBuilder counted() {
        return exec(session -> {
            sent.incrementAndGet();
            return session;
        }).stopLoadGeneratorIf("max.requests (" + settings.maxRequests() + ") were sent",
                session -> sent.get() > settings.maxRequests());
    }

    /** The longest a run may take: its planned load, then a request timeout and the last checks. */
    Duration backstop(Duration plannedLoad) {
        return plannedLoad.plus(settings.requestTimeout()).plus(DRAIN).plusSeconds(30);
    }

    private SseMessageCheck firstToken(String name) {
        return sse.checkMessage(name + ": " + FIRST_TOKEN)
                .matching(jsonPath("$.data").transform(Chunks::carriesText).is(true));
    }

    /**
     * Runs after all load: waits (at most 15 s) for the server to release every slot, then asks for its meters once
     * more and checks the invariants on them; a broken one is a KO named {@code invariants} whose message says why.
     */
    PopulationBuilder verdict() {
        ScenarioBuilder scenario = scenario(INVARIANTS).exec(session -> {
            sampler.awaitIdle(DRAIN);
            return session;
        }).exec(http(INVARIANTS).get("/q/metrics").check(bodyString().transform(this::violations).is("")));
        return scenario.injectOpen(atOnceUsers(1));
    }

    private String violations(String metrics) {
        PrometheusText last = PrometheusText.parse(metrics);
        List<ServerSample> samples = sampler.samples();
        StringBuilder out = new StringBuilder();
        for (Invariant invariant : invariants) {
            invariant.violation(samples, last).ifPresent(v -> out.append(out.isEmpty() ? "" : "; ").append(v));
        }
        verdict = out.toString();
        return verdict;
    }

    @Override
    public void before() {
        sampler.start(settings.sampleEvery());
        System.out.printf(Locale.ROOT, "%s against %s, model %s, server process %s%n", getClass().getSimpleName(),
                settings.url(), model, sampler.process().map(p -> "pid " + p.pid()).orElse("not on this machine"));
        System.out.println("request body: " + chatBody(null));
    }

    @Override
    public void after() {
        sampler.sampleNow();
        sampler.close();
        List<ServerSample> samples = sampler.samples();
        Path dir = runDirectory();
        try {
            Figures.write(dir, getClass().getSimpleName(), samples);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("---- ThinkGate, sampled from /q/metrics and /proc ----");
        System.out.print(Figures.summary(samples));
        report().forEach(System.out::println);
        if (sampler.failures() > 0) {
            System.out.println("metrics samples that failed: " + sampler.failures());
        }
        if (sent.get() > settings.maxRequests()) {
            System.out.println("stopped early: max.requests (" + settings.maxRequests() + ") were sent");
        }
        System.out.println("invariants: " + (verdict == null ? "not checked (the run stopped before its end)"
                : verdict.isEmpty() ? "all held" : "BROKEN: " + verdict));
        System.out.println("figures: " + dir.resolve(Figures.HTML).toAbsolutePath());
    }

    /** More lines for the summary after a run. */
    List<String> report() {
        return List.of();
    }

    static String rate(PhaseMeter meter) {
        return String.format(Locale.ROOT, "%-25s %.1f tokens/s, %d streams of %.1f tokens (%.1f reasoning), "
                + "first token p50 %.0f ms, p95 %.0f ms, p99 %.0f ms", meter.name(), meter.tokensPerSecond(),
                meter.streams(), meter.meanTokens(), meter.meanReasoningTokens(), meter.firstTokenMillis(50),
                meter.firstTokenMillis(95), meter.firstTokenMillis(99));
    }

    /** Gatling's folder for this run (it exists once the run has started), or a new one beside them. */
    private Path runDirectory() {
        Path results = Path.of(System.getProperty("loadtests.results", "target/gatling"));
        String prefix = getClass().getSimpleName().toLowerCase(Locale.ROOT) + "-";
        try (Stream<Path> runs = Files.isDirectory(results) ? Files.list(results) : Stream.empty()) {
            Optional<Path> newest = runs.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
            if (newest.isPresent()) {
                return newest.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results.resolve(prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")));
    }

    private String firstServedModel() {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.resolve("/v1/models"))
                .timeout(Duration.ofSeconds(10));
        settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        try {
            String body = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = MODEL_ID.matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("GET /v1/models listed no model: " + body);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + settings.url() + " (is the server running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The fields of two JSON objects in one, either of them null for none (the first's keys come first). */
    static String merge(String first, String second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        String head = first.strip();
        String tail = second.strip();
        head = head.substring(0, head.length() - 1).strip();
        tail = tail.substring(1).strip();
        if (head.equals("{") || tail.equals("}")) {
            return head + tail;
        }
        return head + "," + tail;
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
