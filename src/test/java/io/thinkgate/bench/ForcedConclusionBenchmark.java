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
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 3: a forced conclusion reuses the slot's KV cache. On the packaged server (a child process) serving a
 * random-weights reasoning model ({@link RandomWeightsModel#asReasoning()}, whose template opens {@code <think>}),
 * a chat request with a prompt of about 1,000 tokens and a 512-token budget is cut at the budget and continued from
 * {@code prompt + reasoning + conclusion}. Measured per run:
 * <ul>
 * <li>(a) budget hit → first answer token: the {@code thinkgate_continuation_latency_seconds} delta (server side),
 * and the SSE gap from the conclusion delta to the first content delta (client side);</li>
 * <li>(b) the same {@code prompt + reasoning + conclusion} prefilled from nothing: a raw {@code /v1/completions}
 * request, first character of the user text changed so that no cached prefix matches (only BOS and the role
 * token), {@code max_tokens} 1, time to the first SSE event (client) and the {@code
 * thinkgate_time_to_first_token_seconds} delta (server).</li>
 * </ul>
 * With {@code -Dbench.trigger=interrupt} (issue 14) the request has no budget but opts in to interrupts, and the
 * harness sends {@code answer_now} after {@code bench.budget} reasoning deltas: (a) is then that call → first answer
 * token, the {@code thinkgate_interrupt_latency_seconds} delta (server) and the SSE gap from the call to the first
 * content delta (client). Goal: (a) ≤ 10% of (b). llama.cpp's own log (native log on) says how many tokens each request took from the
 * cache ({@code kv cache rm [n_past, end)}); the harness prints that too. Not a test: prints numbers.
 *
 * <p>Properties: {@code bench.model-mb} (400), {@code bench.prompt-words} (1000), {@code bench.budget} (512),
 * {@code bench.max-tokens} (520), {@code bench.runs} (3), {@code bench.slots} (2, the server default),
 * {@code bench.quiet-wait-s} (30), {@code bench.retries} (2: a run during which other processes used more than 5% of
 * the CPU is done again, with a new prompt, at most this many times).
 */
public final class ForcedConclusionBenchmark {

    static final String CONCLUSION_START = "Considering the limited time";
    static final String INTERRUPT_START = "I have been asked to answer now";

    public static void main(String[] args) {
        BenchSupport.runAndExit(ForcedConclusionBenchmark::run);
    }

    private static void run() throws Exception {
        long modelMb = BenchSupport.intProp("bench.model-mb", 400);
        int words = BenchSupport.intProp("bench.prompt-words", 1000);
        int budget = BenchSupport.intProp("bench.budget", 512);
        int maxTokens = BenchSupport.intProp("bench.max-tokens", 520);
        int runs = BenchSupport.intProp("bench.runs", 3);
        int slots = BenchSupport.intProp("bench.slots", 2);
        int retries = BenchSupport.intProp("bench.retries", 2);
        boolean interrupt = System.getProperty("bench.trigger", "budget").equals("interrupt");
        String latency = interrupt ? "thinkgate_interrupt_latency_seconds" : "thinkgate_continuation_latency_seconds";
        String conclusionStart = interrupt ? INTERRUPT_START : CONCLUSION_START;

        RandomWeightsModel m = RandomWeightsModel.ofSize(modelMb << 20, GgmlType.Q8_0).asReasoning();
        Path file = BenchSupport.modelFile(m);
        System.out.printf(Locale.ROOT, "%s | %d cores | model %s (d=%d, layers=%d, ff=%d) | %d slots | prompt %d words"
                        + " | budget %d | max_tokens %d%n", OffsetDateTime.now(),
                Runtime.getRuntime().availableProcessors(), file.getFileName(), m.embedding(), m.layers(),
                m.feedForward(), slots, words, budget, maxTokens);

        List<Double> aMetric = new ArrayList<>();
        List<Double> aSse = new ArrayList<>();
        List<Double> bClient = new ArrayList<>();
        List<Double> bServer = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try (Server server = new Server("forced-conclusion", file, slots, true)) {
            // warm-up: touch every weight once (short prompt, a few tokens)
            chat(server, "warm up", 4, 4, 0);
            for (int r = 1, attempt = 0; r <= runs; ) {
                String content = words(words, 100L * attempt + r);
                double idle = BenchSupport.waitForQuiet();
                BenchSupport.CpuMeter cpu = new BenchSupport.CpuMeter(ProcessHandle.current().pid(), server.pid())
                        .start();
                // (a) the budgeted chat request
                double sum0 = server.metric(latency + "_sum");
                double cnt0 = server.metric(latency + "_count");
                int logMark = server.logText().length();
                long t0 = System.nanoTime();
                long[] called = {0};
                Sse sse = interrupt ? interruptedChat(server, content, budget, maxTokens, r, called)
                        : chat(server, content, budget, maxTokens, r);
                double chatSeconds = (System.nanoTime() - t0) / 1e9;
                double sum1 = server.metric(latency + "_sum");
                double cnt1 = server.metric(latency + "_count");
                List<int[]> chatCache = cacheLines(server.logText().substring(logMark));

                StringBuilder reasoning = new StringBuilder();
                long tConclusion = 0;
                long tLastReasoning = 0;
                long tFirstContent = 0;
                String report = "";
                JsonNode usage = null;
                for (Event e : sse.events) {
                    JsonNode j = e.json();
                    if (j.has("usage") && !j.get("usage").isNull()) {
                        usage = j.get("usage");
                    }
                    if (j.has("thinkgate")) {
                        report = j.get("thinkgate").toString();
                    }
                    JsonNode delta = j.path("choices").path(0).path("delta");
                    String rc = delta.path("reasoning_content").asText("");
                    String c = delta.path("content").asText("");
                    if (!rc.isEmpty()) {
                        if (tConclusion == 0 && (reasoning + rc).contains(conclusionStart)) {
                            tConclusion = e.nanos();
                        } else if (tConclusion == 0) {
                            tLastReasoning = e.nanos();
                        }
                        reasoning.append(rc);
                    }
                    if (!c.isEmpty() && tFirstContent == 0) {
                        tFirstContent = e.nanos();
                    }
                }
                if (tConclusion == 0 || tFirstContent == 0 || cnt1 - cnt0 != 1) {
                    throw new IllegalStateException("run " + r + ": no forced conclusion followed by an answer "
                            + "(continuations " + (cnt1 - cnt0) + ", thinkgate " + report + ")");
                }
                double a = (sum1 - sum0) / (cnt1 - cnt0);
                double a2 = (tFirstContent - (interrupt ? called[0] : tConclusion)) / 1e9;

                // (b) the same context from nothing
                String full = "<|user|>" + content + "<|assistant|><think>\n" + reasoning
                        + (reasoning.toString().contains("</think>") ? "" : "</think>") + "\n\n";
                String changed = "<|user|>" + (content.charAt(0) == 'z' ? 'y' : 'z') + content.substring(1)
                        + full.substring(("<|user|>" + content).length());
                double ttft0 = server.metric("thinkgate_time_to_first_token_seconds_sum");
                logMark = server.logText().length();
                String body = String.format(Locale.ROOT, "{\"prompt\":%s,\"max_tokens\":1,\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true}}", StreamingOverheadBenchmark.quote(changed));
                Sse b = server.stream("/v1/completions", body, Duration.ofMinutes(5));
                double ttft1 = server.metric("thinkgate_time_to_first_token_seconds_sum");
                List<int[]> bCache = cacheLines(server.logText().substring(logMark));
                double bc = (b.events.get(0).nanos() - b.start) / 1e9;
                double bs = ttft1 - ttft0;
                int bPrompt = -1;
                for (Event e : b.events) {
                    JsonNode j = e.json();
                    if (j.has("usage") && !j.get("usage").isNull()) {
                        bPrompt = j.get("usage").path("prompt_tokens").asInt();
                    }
                }

                double foreign = cpu.foreignShare();
                boolean clean = !(foreign > StreamingOverheadBenchmark.MAX_FOREIGN);
                boolean keep = clean || attempt >= retries;
                System.out.printf(Locale.ROOT, "run %d: chat %.1f s, usage %s  [busy before %.0f%%, other processes"
                                + " during %.0f%% of the CPU]%s%n", r, chatSeconds, usage, 100 * idle, 100 * foreign,
                        clean ? "" : keep ? " DISTURBED, kept" : " DISTURBED, redone below");
                System.out.printf(Locale.ROOT, "  thinkgate %s%n", report);
                System.out.printf(Locale.ROOT, "  llama.cpp cache, chat phases [prompt tokens, taken from cache]: %s%n",
                        format(chatCache));
                System.out.printf(Locale.ROOT, "  (a) %s -> first answer token: metric %.3f s, SSE %.3f s"
                        + " (last reasoning delta -> conclusion delta %.3f s)%n",
                        interrupt ? "answer_now call" : "budget hit", a, a2, (tConclusion - tLastReasoning) / 1e9);
                System.out.printf(Locale.ROOT, "  (b) prefill of %d prompt tokens from nothing %s: server TTFT %.3f s,"
                        + " client TTFT %.3f s%n", bPrompt, format(bCache), bs, bc);
                System.out.printf(Locale.ROOT, "  (a)/(b) = %.1f%%%n", 100 * a / bs);
                if (!keep) {
                    attempt++;
                    continue;
                }
                aMetric.add(a);
                aSse.add(a2);
                bClient.add(bc);
                bServer.add(bs);
                ratios.add(a / bs);
                r++;
                attempt = 0;
            }
        }
        System.out.println();
        System.out.println("Summary");
        System.out.printf(Locale.ROOT, "(a) continuation latency (metric)  %s%n", Stats.of(aMetric).format("s"));
        System.out.printf(Locale.ROOT, "(a) conclusion -> content (SSE)    %s%n", Stats.of(aSse).format("s"));
        System.out.printf(Locale.ROOT, "(b) full prefill, server TTFT      %s%n", Stats.of(bServer).format("s"));
        System.out.printf(Locale.ROOT, "(b) full prefill, client TTFT      %s%n", Stats.of(bClient).format("s"));
        Stats rs = Stats.of(ratios);
        System.out.printf(Locale.ROOT, "(a)/(b) per run: mean %.2f%% (min %.2f%%, max %.2f%%)  goal <= 10%%: %s%n",
                100 * rs.mean(), 100 * rs.min(), 100 * rs.max(), rs.max() <= 0.10 ? "met" : "NOT met");
    }

    /** No budget; after {@code after} reasoning deltas, {@code answer_now}, whose time goes into {@code called[0]}. */
    static Sse interruptedChat(Server server, String content, int after, int maxTokens, int seed, long[] called) {
        String body = String.format(Locale.ROOT, "{\"messages\":[{\"role\":\"user\",\"content\":%s}],"
                        + "\"max_tokens\":%d,\"temperature\":0.7,\"top_p\":0.95,\"seed\":%d,\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},"
                        + "\"thinkgate\":{\"interruptible\":true,\"loop_brake\":false}}",
                StreamingOverheadBenchmark.quote(content), maxTokens, seed);
        int[] deltas = {0};
        return server.stream("/v1/chat/completions", body, Duration.ofMinutes(8), event -> {
            JsonNode j = event.json();
            if (j.at("/choices/0/delta").has("reasoning_content") && ++deltas[0] == after && called[0] == 0) {
                called[0] = System.nanoTime();
                int status = server.post("/v1/chat/completions/" + j.path("id").asText() + "/interrupt",
                        "{\"action\":\"answer_now\"}");
                if (status != 200) {
                    throw new IllegalStateException("answer_now got HTTP " + status);
                }
            }
        });
    }

    static Sse chat(Server server, String content, int budget, int maxTokens, int seed) {
        String body = String.format(Locale.ROOT, "{\"messages\":[{\"role\":\"user\",\"content\":%s}],"
                        + "\"max_tokens\":%d,\"temperature\":0.7,\"top_p\":0.95,\"seed\":%d,\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},"
                        + "\"thinkgate\":{\"budget_tokens\":%d,\"loop_brake\":false}}",
                StreamingOverheadBenchmark.quote(content), maxTokens, seed, budget);
        return server.stream("/v1/chat/completions", body, Duration.ofMinutes(8));
    }

    /**
     * Three-letter words that are one token each in {@link RandomWeightsModel}'s vocabulary (first letters a–t have
     * every {@code ▁xyz}), so {@code n} words are about {@code n} tokens.
     */
    static String words(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append((char) ('a' + rnd.nextInt(20))).append((char) ('a' + rnd.nextInt(26)))
                    .append((char) ('a' + rnd.nextInt(26)));
        }
        return sb.toString();
    }

    private static final Pattern NEW_PROMPT = Pattern.compile("new prompt, .*n_prompt_tokens = (\\d+)");
    private static final Pattern KV_RM = Pattern.compile("kv cache rm \\[(\\d+), end\\)");

    /** Pairs [n_prompt_tokens, n_past] from llama.cpp's server log lines (native log on). */
    static List<int[]> cacheLines(String log) {
        List<int[]> out = new ArrayList<>();
        int prompt = -1;
        for (String line : log.split("\n")) {
            Matcher np = NEW_PROMPT.matcher(line);
            if (np.find()) {
                prompt = Integer.parseInt(np.group(1));
            }
            Matcher rm = KV_RM.matcher(line);
            if (rm.find() && prompt >= 0) {
                out.add(new int[] {prompt, Integer.parseInt(rm.group(1))});
                prompt = -1;
            }
        }
        return out;
    }

    static String format(List<int[]> pairs) {
        StringBuilder sb = new StringBuilder("[");
        for (int[] p : pairs) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(p[0]).append(" prompt / ").append(p[1]).append(" cached");
        }
        return sb.append(']').toString();
    }

    private ForcedConclusionBenchmark() {
    }
}
