package io.thinkgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.bench.BenchSupport.Event;
import io.thinkgate.bench.BenchSupport.Server;
import io.thinkgate.bench.BenchSupport.Sse;
import io.thinkgate.bench.BenchSupport.Stats;
import io.thinkgate.engine.gguf.GgmlType;
import io.thinkgate.engine.synthetic.RandomWeightsModel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4: where the time of a ThoughtMani request goes, next to budgeted thinking that produces as many reasoning
 * tokens. On the packaged server (a child process) with a random-weights reasoning model of about 400 MB as the main
 * model and a plain random-weights model of about 100 MB as the thought model ({@code thinkgate.thought-model.path}),
 * per run, each request with a new prompt of {@code bench.prompt-words} one-token words:
 * <ul>
 * <li><b>thoughts</b>: {@code "thinkgate": {"mode": "thoughts", "thoughts": {"source": "thought-model",
 * "max_tokens": T}}}, {@code max_tokens} A. The thought model writes T tokens (streamed as
 * {@code reasoning_content}), the gateway places them into the main model's span and the main model answers with A
 * tokens. Random weights never stop on their own, so the server runs with {@code thinkgate.thoughts.inject-overlong}
 * (thoughts cut at the cap are injected, outcome {@code injected}), which every measured request must report.</li>
 * <li><b>budget</b>: {@code "thinkgate": {"budget_tokens": T, "loop_brake": false}}, {@code max_tokens} T + A (the
 * main model's reasoning counts against it): T reasoning tokens of the main model, the forced conclusion, A answer
 * tokens.</li>
 * </ul>
 * Client clocks (SSE arrival, from sending the request): first and last reasoning delta, first and last content
 * delta, end of the stream. Server clocks: the reply's {@code thinkgate.thoughts.latency_ms}, the deltas of {@code
 * thinkgate_thoughts_latency_seconds} and {@code thinkgate_time_to_first_answer_token_seconds}, and llama.cpp's own
 * per-request timings (native log: prompt eval and eval of each model). The two arms alternate (ABBA) after one
 * warm-up request each; a request during which other processes used more than 5% of the CPU is done again.
 * Not a test: prints numbers.
 *
 * <p>Properties: {@code bench.main-mb} (400), {@code bench.thought-mb} (100), {@code bench.prompt-words} (250),
 * {@code bench.thought-tokens} (128, = the budget of the other arm), {@code bench.answer-tokens} (64),
 * {@code bench.runs} (3), {@code bench.slots} (1: slots of each model, so that no other slot's cells widen
 * attention), {@code bench.quiet-wait-s} (30), {@code bench.retries} (2).
 */
public final class ThoughtManiBenchmark {

    static final String THOUGHTS = "thoughts";
    static final String BUDGET = "budget";

    public static void main(String[] args) {
        BenchSupport.runAndExit(ThoughtManiBenchmark::run);
    }

    /** One measured request; times in seconds from sending it, NaN where the arm has no such point. */
    record Result(String arm, double end, double firstReasoning, double lastReasoning, double firstContent,
            double lastContent, int answerTokens, int reasoningTokens, double thoughtsLatencyReport,
            double thoughtsLatencyMetric, double firstAnswerMetric, String usage, String report, String llama,
            double idle, double foreign) {
    }

    private static void run() throws Exception {
        long mainMb = BenchSupport.intProp("bench.main-mb", 400);
        long thoughtMb = BenchSupport.intProp("bench.thought-mb", 100);
        int words = BenchSupport.intProp("bench.prompt-words", 250);
        int thoughtTokens = BenchSupport.intProp("bench.thought-tokens", 128);
        int answerTokens = BenchSupport.intProp("bench.answer-tokens", 64);
        int runs = BenchSupport.intProp("bench.runs", 3);
        int slots = BenchSupport.intProp("bench.slots", 1);
        int retries = BenchSupport.intProp("bench.retries", 2);

        RandomWeightsModel main = RandomWeightsModel.ofSize(mainMb << 20, GgmlType.Q8_0).asReasoning();
        RandomWeightsModel thought = RandomWeightsModel.ofSize(thoughtMb << 20, GgmlType.Q8_0);
        Path mainFile = BenchSupport.modelFile(main);
        Path thoughtFile = BenchSupport.modelFile(thought);
        System.out.printf(Locale.ROOT, "%s | %d cores | main %s (d=%d, layers=%d, ff=%d, %d MB) | thought %s (d=%d,"
                        + " layers=%d, ff=%d, %d MB) | %d slot(s) each | prompt %d words | thoughts/budget %d tokens"
                        + " | answer %d tokens%n", OffsetDateTime.now(), Runtime.getRuntime().availableProcessors(),
                mainFile.getFileName(), main.embedding(), main.layers(), main.feedForward(),
                mainFile.toFile().length() >> 20, thoughtFile.getFileName(), thought.embedding(), thought.layers(),
                thought.feedForward(), thoughtFile.toFile().length() >> 20, slots, words, thoughtTokens,
                answerTokens);

        Map<String, List<Result>> results = new LinkedHashMap<>();
        results.put(THOUGHTS, new ArrayList<>());
        results.put(BUDGET, new ArrayList<>());
        List<String> props = List.of(
                "thinkgate.thought-model.path=" + thoughtFile.toAbsolutePath(),
                "thinkgate.thought-model.parallel=" + slots,
                "thinkgate.thought-model.context-size=2048",
                "thinkgate.thoughts.inject-overlong=true");
        try (Server server = new Server("thoughtmani", mainFile, slots, true, props)) {
            // warm-up: touch every weight of both models once
            request(server, THOUGHTS, "warm up", 8, 8, 0);
            request(server, BUDGET, "warm up", 8, 16, 0);
            for (int r = 1; r <= runs; r++) {
                List<String> order = r % 2 == 1 ? List.of(BUDGET, THOUGHTS) : List.of(THOUGHTS, BUDGET);
                for (String arm : order) {
                    for (int attempt = 0; ; attempt++) {
                        long seed = 1000L * r + 10L * attempt + (arm.equals(THOUGHTS) ? 1 : 2);
                        String content = ForcedConclusionBenchmark.words(words, seed);
                        Result res = measure(server, arm, content, thoughtTokens, answerTokens, r);
                        String problem = check(res, thoughtTokens, answerTokens);
                        boolean clean = !(res.foreign() > StreamingOverheadBenchmark.MAX_FOREIGN);
                        boolean redo = (!clean || problem != null) && attempt < retries;
                        print(r, res, problem, clean, redo);
                        if (problem != null && !redo) {
                            throw new IllegalStateException("run " + r + " " + arm + ": " + problem);
                        }
                        if (!redo) {
                            results.get(arm).add(res);
                            break;
                        }
                    }
                }
            }
        }
        summary(results, thoughtTokens, answerTokens);
    }

    private static Result measure(Server server, String arm, String content, int thoughtTokens, int answerTokens,
            int seed) {
        double idle = BenchSupport.waitForQuiet();
        BenchSupport.CpuMeter cpu = new BenchSupport.CpuMeter(ProcessHandle.current().pid(), server.pid()).start();
        double lat0 = server.metric("thinkgate_thoughts_latency_seconds_sum");
        double fa0 = server.metric("thinkgate_time_to_first_answer_token_seconds_sum");
        int logMark = server.logText().length();
        Sse sse = arm.equals(THOUGHTS) ? request(server, arm, content, thoughtTokens, answerTokens, seed)
                : request(server, arm, content, thoughtTokens, thoughtTokens + answerTokens, seed);
        double foreign = cpu.foreignShare();
        double lat1 = server.metric("thinkgate_thoughts_latency_seconds_sum");
        double fa1 = server.metric("thinkgate_time_to_first_answer_token_seconds_sum");
        String log = server.logText().substring(logMark);

        long firstR = 0;
        long lastR = 0;
        long firstC = 0;
        long lastC = 0;
        StringBuilder reasoning = new StringBuilder();
        JsonNode usage = null;
        JsonNode report = null;
        for (Event e : sse.events) {
            JsonNode j = e.json();
            if (j.has("usage") && !j.get("usage").isNull()) {
                usage = j.get("usage");
            }
            if (j.has("thinkgate") && !j.get("thinkgate").isNull()) {
                report = j.get("thinkgate");
            }
            JsonNode delta = j.path("choices").path(0).path("delta");
            String rc = delta.path("reasoning_content").asText("");
            String c = delta.path("content").asText("");
            if (!rc.isEmpty()) {
                // budget arm: the reasoning ends where the forced conclusion starts (not a model token)
                boolean conclusion = arm.equals(BUDGET)
                        && (reasoning + rc).contains(ForcedConclusionBenchmark.CONCLUSION_START);
                if (firstR == 0) {
                    firstR = e.nanos();
                }
                if (!conclusion && !reasoning.toString().contains(ForcedConclusionBenchmark.CONCLUSION_START)) {
                    lastR = e.nanos();
                }
                reasoning.append(rc);
            }
            if (!c.isEmpty()) {
                if (firstC == 0) {
                    firstC = e.nanos();
                }
                lastC = e.nanos();
            }
        }
        int completion = usage == null ? -1 : usage.path("completion_tokens").asInt(-1);
        int reasoningTokens = report == null ? -1 : report.path("reasoning_tokens").asInt(-1);
        int answer = arm.equals(THOUGHTS) ? completion : completion - Math.max(0, reasoningTokens);
        JsonNode th = report == null ? null : report.get("thoughts");
        return new Result(arm, sec(sse.end, sse.start), sec(firstR, sse.start), sec(lastR, sse.start),
                sec(firstC, sse.start), sec(lastC, sse.start), answer,
                arm.equals(THOUGHTS) ? (th == null ? -1 : th.path("tokens").asInt(-1)) : reasoningTokens,
                th == null ? Double.NaN : th.path("latency_ms").asDouble() / 1000, arm.equals(THOUGHTS) ? lat1 - lat0
                : Double.NaN, fa1 - fa0, String.valueOf(usage), String.valueOf(report), llamaTimings(log), idle,
                foreign);
    }

    private static double sec(long t, long start) {
        return t == 0 ? Double.NaN : (t - start) / 1e9;
    }

    /** Why a request does not count, or null. */
    private static String check(Result r, int thoughtTokens, int answerTokens) {
        if (r.arm().equals(THOUGHTS)) {
            if (!r.report().contains("\"outcome\":\"injected\"")) {
                return "thoughts not injected: " + r.report();
            }
            if (r.reasoningTokens() != thoughtTokens) {
                return "the thought model wrote " + r.reasoningTokens() + " tokens, not " + thoughtTokens;
            }
        } else {
            if (r.reasoningTokens() != thoughtTokens || !r.report().contains("\"exit\":\"budget\"")) {
                return "not cut at the budget: " + r.report();
            }
        }
        if (r.answerTokens() != answerTokens) {
            return r.answerTokens() + " answer tokens, not " + answerTokens + " (usage " + r.usage() + ")";
        }
        if (Double.isNaN(r.firstReasoning()) || Double.isNaN(r.firstContent())) {
            return "no reasoning or no content deltas";
        }
        return null;
    }

    private static void print(int run, Result r, String problem, boolean clean, boolean redo) {
        System.out.printf(Locale.ROOT, "run %d %-8s end-to-end %6.2f s  [busy before %.0f%%, other processes during"
                        + " %.0f%% of the CPU]%s%n", run, r.arm(), r.end(), 100 * r.idle(), 100 * r.foreign(),
                problem != null ? (redo ? " INVALID (" + problem + "), redone below" : " INVALID: " + problem)
                        : clean ? "" : redo ? " DISTURBED, redone below" : " DISTURBED, kept");
        System.out.printf(Locale.ROOT, "  usage %s%n  thinkgate %s%n", r.usage(), r.report());
        if (r.arm().equals(THOUGHTS)) {
            System.out.printf(Locale.ROOT, "  thought phase: first thought delta %.3f s, last %.3f s; latency"
                            + " reply %.3f s, metric %.3f s%n", r.firstReasoning(), r.lastReasoning(),
                    r.thoughtsLatencyReport(), r.thoughtsLatencyMetric());
            System.out.printf(Locale.ROOT, "  answer phase: last thought -> first content %.3f s (main-model prefill"
                            + " of prompt + thoughts), first -> last content %.3f s; first content at %.3f s"
                            + " (metric %.3f s), last %.3f s%n", r.firstContent() - r.lastReasoning(),
                    r.lastContent() - r.firstContent(), r.firstContent(), r.firstAnswerMetric(), r.lastContent());
        } else {
            System.out.printf(Locale.ROOT, "  reasoning: first delta %.3f s (prefill of the prompt), last model"
                            + " reasoning delta %.3f s%n", r.firstReasoning(), r.lastReasoning());
            System.out.printf(Locale.ROOT, "  answer: last reasoning -> first content %.3f s (forced conclusion),"
                            + " first -> last content %.3f s; first content at %.3f s (metric %.3f s), last %.3f s%n",
                    r.firstContent() - r.lastReasoning(), r.lastContent() - r.firstContent(), r.firstContent(),
                    r.firstAnswerMetric(), r.lastContent());
        }
        System.out.printf(Locale.ROOT, "  llama.cpp: %s%n", r.llama());
    }

    private static void summary(Map<String, List<Result>> results, int thoughtTokens, int answerTokens) {
        List<Result> t = results.get(THOUGHTS);
        List<Result> b = results.get(BUDGET);
        System.out.println();
        System.out.printf(Locale.ROOT, "Summary (seconds from sending the request; %d reasoning tokens, %d answer"
                + " tokens)%n", thoughtTokens, answerTokens);
        System.out.println("thoughts arm");
        line("  first thought delta            ", t, Result::firstReasoning);
        line("  last thought delta             ", t, Result::lastReasoning);
        line("  thought latency (reply)        ", t, Result::thoughtsLatencyReport);
        line("  thought latency (metric)       ", t, Result::thoughtsLatencyMetric);
        line("  last thought -> first content  ", t, r -> r.firstContent() - r.lastReasoning());
        line("  first -> last content          ", t, r -> r.lastContent() - r.firstContent());
        line("  first content (TTFA)           ", t, Result::firstContent);
        line("  TTFA metric                    ", t, Result::firstAnswerMetric);
        line("  end-to-end                     ", t, Result::end);
        System.out.println("budget arm");
        line("  first reasoning delta          ", b, Result::firstReasoning);
        line("  last model reasoning delta     ", b, Result::lastReasoning);
        line("  last reasoning -> first content", b, r -> r.firstContent() - r.lastReasoning());
        line("  first -> last content          ", b, r -> r.lastContent() - r.firstContent());
        line("  first content (TTFA)           ", b, Result::firstContent);
        line("  TTFA metric                    ", b, Result::firstAnswerMetric);
        line("  end-to-end                     ", b, Result::end);
        System.out.printf(Locale.ROOT, "thoughts/budget (ratio of means): end-to-end %.2f, first reasoning %.2f,"
                        + " first answer %.2f%n", mean(t, Result::end) / mean(b, Result::end),
                mean(t, Result::firstReasoning) / mean(b, Result::firstReasoning),
                mean(t, Result::firstContent) / mean(b, Result::firstContent));
    }

    private static void line(String label, List<Result> rs, ToDoubleFunction<Result> f) {
        System.out.printf(Locale.ROOT, "%s %s%n", label,
                Stats.of(rs.stream().map(r -> f.applyAsDouble(r)).toList()).format("s"));
    }

    private static double mean(List<Result> rs, ToDoubleFunction<Result> f) {
        return rs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    static Sse request(Server server, String arm, String content, int reasoningTokens, int maxTokens, long seed) {
        String thinkgate = arm.equals(THOUGHTS)
                ? "{\"mode\":\"thoughts\",\"thoughts\":{\"source\":\"thought-model\",\"max_tokens\":" + reasoningTokens
                        + "}}"
                : "{\"budget_tokens\":" + reasoningTokens + ",\"loop_brake\":false}";
        String body = String.format(Locale.ROOT, "{\"messages\":[{\"role\":\"user\",\"content\":%s}],"
                        + "\"max_tokens\":%d,\"temperature\":0.7,\"top_p\":0.95,\"seed\":%d,\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"thinkgate\":%s}",
                StreamingOverheadBenchmark.quote(content), maxTokens, seed, thinkgate);
        return server.stream("/v1/chat/completions", body, Duration.ofMinutes(5));
    }

    private static final Pattern NEW_PROMPT = Pattern.compile("new prompt, .*n_prompt_tokens = (\\d+)");
    private static final Pattern KV_RM = Pattern.compile("kv cache rm \\[(\\d+), end\\)");
    private static final Pattern PROMPT_EVAL = Pattern.compile("prompt eval time =\\s*([0-9.]+) ms /\\s*(\\d+) tokens");
    private static final Pattern EVAL = Pattern.compile("^\\s*eval time =\\s*([0-9.]+) ms /\\s*(\\d+) tokens");

    /**
     * llama.cpp's account of a request, from its log (native log on), in order: per engine call the prompt size and
     * how much of it came from the cache, then the prompt eval and eval timings where the call ran to its end.
     */
    static String llamaTimings(String log) {
        List<String> parts = new ArrayList<>();
        int prompt = -1;
        for (String line : log.split("\n")) {
            Matcher np = NEW_PROMPT.matcher(line);
            if (np.find()) {
                prompt = Integer.parseInt(np.group(1));
            }
            Matcher rm = KV_RM.matcher(line);
            if (rm.find() && prompt >= 0) {
                parts.add(String.format(Locale.ROOT, "[%d prompt / %s cached]", prompt, rm.group(1)));
                prompt = -1;
            }
            Matcher pe = PROMPT_EVAL.matcher(line);
            if (pe.find()) {
                parts.add(String.format(Locale.ROOT, "prefill %s tok %.0f ms", pe.group(2),
                        Double.parseDouble(pe.group(1))));
            }
            Matcher ev = EVAL.matcher(line);
            if (ev.find()) {
                parts.add(String.format(Locale.ROOT, "decode %s tok %.0f ms", ev.group(2),
                        Double.parseDouble(ev.group(1))));
            }
        }
        return String.join(", ", parts);
    }

    private ThoughtManiBenchmark() {
    }
}
