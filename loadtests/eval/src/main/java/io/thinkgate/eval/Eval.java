package io.thinkgate.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The harness's command line: runs arms over a dataset against an endpoint and writes the figures. See
 * loadtests/eval/README.md (or {@code --help}).
 */
public final class Eval {

    static final String USAGE = """
            usage: Eval --url URL [--dataset generated:N[:SEED] | FILE.jsonl] [--arms a,b,...] [--arm NAME={json}]...
                        [--out DIR] [--concurrency N] [--max-tokens N] [--temperature T] [--timeout-s S]
                        [--model ID] [--api-key KEY] [--judge URL] [--judge-api-key KEY] [--judge-model ID]
              arms: think, no_think, budget:N, thoughts, auto, auto:STRATEGY, plan, or NAME={request fields}
              defaults: --dataset generated:40 --arms no_think,think,budget:256,auto --out target/eval
                        --concurrency 2 --max-tokens 4096 --temperature 0 --timeout-s 600""";

    private Eval() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("eval: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    static int run(String[] args) throws Exception {
        Map<String, List<String>> options = options(args);
        if (options.containsKey("help")) {
            System.out.println(USAGE);
            return 0;
        }
        String url = one(options, "url", null);
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        List<Item> items = Datasets.load(one(options, "dataset", "generated:40"));
        List<Arm> arms = new ArrayList<>();
        for (String spec : one(options, "arms", options.containsKey("arm") ? "" : "no_think,think,budget:256,auto")
                .split(",")) {
            if (!spec.isBlank()) {
                arms.add(Arm.parse(spec));
            }
        }
        options.getOrDefault("arm", List.of()).forEach(spec -> arms.add(Arm.parse(spec)));
        if (arms.stream().map(Arm::name).distinct().count() != arms.size()) {
            throw new IllegalArgumentException("two arms have the same name");
        }
        Path out = Path.of(one(options, "out", "target/eval"));
        Optional<String> apiKey = Optional.ofNullable(one(options, "api-key", null));
        Optional<String> model = Optional.ofNullable(one(options, "model", null)).or(() -> firstModel(url, apiKey));
        int maxTokens = Integer.parseInt(one(options, "max-tokens", "4096"));
        double temperature = Double.parseDouble(one(options, "temperature", "0"));
        RunManifest.check(out, model.orElse(""), maxTokens, temperature, arms);
        Client client = new Client(url, apiKey, model, maxTokens, temperature,
                Duration.ofSeconds(Long.parseLong(one(options, "timeout-s", "600"))));
        Optional<Judge> judge = Optional.ofNullable(one(options, "judge", null))
                .map(j -> new Judge(j, Optional.ofNullable(one(options, "judge-api-key", null)),
                        Optional.ofNullable(one(options, "judge-model", null))));
        List<ItemResult> all;
        try (ResultsFile results = new ResultsFile(out)) {
            List<ItemResult> failures = new Runner(client, judge, Integer.parseInt(one(options, "concurrency", "2")),
                    System.err).run(arms, items, results);
            all = results.results(arms, items, failures);
        }
        Map<String, Item> byId = items.stream().collect(Collectors.toMap(Item::id, Function.identity()));
        List<ArmSummary> summaries = arms.stream().map(a -> ArmSummary.of(a.name(),
                all.stream().filter(r -> r.arm().equals(a.name())).toList(), byId)).toList();
        List<Oracle> oracles = arms.stream().filter(Arm::auto).map(a -> Oracle.of(a, arms, all))
                .flatMap(Optional::stream).toList();
        Report.table(summaries, oracles, System.out);
        Report.json(summaries, oracles, out.resolve("summary.json"));
        Report.csv(all, out.resolve("results.csv"));
        Files.writeString(out.resolve("report.html"), Report.html("ThinkGate evaluation: " + items.size()
                + " items, " + model.orElse("the server's model") + " at " + url, summaries, oracles),
                StandardCharsets.UTF_8);
        System.out.println("wrote " + out.resolve("report.html") + ", summary.json, results.csv, results.jsonl");
        return 0;
    }

    /** {@code --name value} pairs; a name may come more than once. */
    static Map<String, List<String>> options(String[] args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (name.equals("help")) {
                options.put(name, List.of());
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
        }
        return options;
    }

    private static String one(Map<String, List<String>> options, String name, String fallback) {
        List<String> values = options.get(name);
        if (values == null) {
            return fallback;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("--" + name + " is given twice");
        }
        return values.get(0);
    }

    /** The first model the endpoint lists, for servers that need a model name. */
    private static Optional<String> firstModel(String url, Optional<String> apiKey) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "")
                    + "/v1/models")).timeout(Duration.ofSeconds(10));
            apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
            HttpResponse<String> reply = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode id = new ObjectMapper().readTree(reply.body()).at("/data/0/id");
            return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
