package io.thinkgate.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinkgate.it.PackagedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluation harness (loadtests/eval, issue 10) as a user runs it, against the packaged server on the demo
 * model, whose behaviour is known: it answers "The answer is 42." when it does not think, and thinks forever
 * otherwise. So its accuracy on a dataset is known exactly, and so are its reasoning tokens per arm.
 */
class EvalHarnessIT {

    private static final Path OUT = ModuleBuild.PROJECT.resolve("target/eval-it");
    private static final String POM = "loadtests/eval/pom.xml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PackagedServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = demoServer("server");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static PackagedServer demoServer(String name) throws Exception {
        return new PackagedServer(ModuleBuild.PROJECT.resolve(PackagedServer.JAR), OUT.resolve(name + ".log"),
                List.of("thinkgate.model.cache-dir=" + OUT.resolve("cache").toAbsolutePath()), Duration.ofSeconds(120));
    }

    private static List<String> args(PackagedServer target, String... options) {
        return args("compile", target, options);
    }

    /** @param phase {@code test} to run the module's unit tests first, or {@code compile} */
    private static List<String> args(String phase, PackagedServer target, String... options) {
        List<String> args = new ArrayList<>(List.of(phase, "exec:java"));
        args.add("-Dexec.args=--url " + target.uri("").toString().replaceAll("/$", "") + " " + String.join(" ",
                options));
        return args;
    }

    /** 8 questions; the demo model's 42 is right on 3 of them. */
    private static Path knownDataset() throws Exception {
        Path file = OUT.resolve("known.jsonl");
        Files.createDirectories(OUT);
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            lines.add(String.format("{\"id\":\"k%d\",\"prompt\":\"Question %d\",\"answer\":\"%s\",\"subset\":\"%s\"}",
                    i, i, i % 3 == 0 || i == 1 ? "42" : String.valueOf(i), i % 2 == 0 ? "simple" : "hard"));
        }
        Files.write(file, lines);
        return file;
    }

    /** results.csv as rows of column name to value. */
    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new java.util.HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void onTheDemoModelTheFiguresAreWhatTheModelIsKnownToDo() throws Exception {
        Path out = fresh(OUT.resolve("known"));
        String[] options = {"--dataset", knownDataset().toString(), "--arms", "no_think,budget:16,think",
            "--max-tokens", "48", "--out", out.toString()};
        ModuleBuild.Run run = ModuleBuild.run(POM, args("test", server, options), OUT.resolve("known.log"),
                Duration.ofMinutes(6));
        assertEquals(0, run.exit(), run.tail());
        assertTrue(run.log().contains("Tests run: ") && !run.log().contains("FAILURE"), "the module's unit tests: "
                + run.tail());
        assertTrue(run.log().contains("eval: 24/24 done (100%)"), run.tail());

        List<Map<String, String>> rows = csv(out.resolve("results.csv"));
        assertEquals(24, rows.size());
        Map<String, List<Map<String, String>>> byArm = rows.stream().collect(Collectors.groupingBy(r -> r.get("arm")));
        byArm.get("no_think").forEach(r -> assertEquals("0", r.get("reasoning_tokens"), r.toString()));
        byArm.get("budget:16").forEach(r -> assertTrue(Integer.parseInt(r.get("reasoning_tokens")) <= 16,
                r.toString()));
        byArm.get("think").forEach(r -> assertTrue(Integer.parseInt(r.get("reasoning_tokens")) > 16, r.toString()));
        for (Map<String, String> r : byArm.get("no_think")) {
            boolean answerIs42 = List.of("k1", "k3", "k6").contains(r.get("item"));
            assertEquals(String.valueOf(answerIs42), r.get("correct"), r.toString());
        }

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        Map<String, JsonNode> arms = new java.util.HashMap<>();
        summary.path("arms").forEach(a -> arms.put(a.path("arm").asText(), a));
        assertEquals(3.0 / 8, arms.get("no_think").path("accuracy").asDouble(), 1e-9);
        assertEquals(3.0 / 8, arms.get("budget:16").path("accuracy").asDouble(), 1e-9, "the forced conclusion "
                + "answers");
        assertTrue(arms.get("think").at("/reasoning/mean").asDouble() > 16, arms.get("think").toString());
        assertEquals(0.0, arms.get("no_think").at("/reasoning/mean").asDouble());

        Document html = xml(Files.readString(out.resolve("report.html")));
        NodeList circles = html.getElementsByTagName("circle");
        assertEquals(3, circles.getLength(), "one point per arm");
        NodeList polylines = html.getElementsByTagName("polyline");
        assertEquals("pareto", ((Element) polylines.item(0)).getAttribute("class"));
        assertTrue(html.getElementsByTagName("table").getLength() >= 2);

        ModuleBuild.Run again = ModuleBuild.run(POM, args(server, options), OUT.resolve("known-again.log"),
                Duration.ofMinutes(3));
        assertEquals(0, again.exit(), again.tail());
        assertTrue(again.log().contains("24 done before, 0 to run"), again.tail());
        assertEquals(24, Files.readAllLines(out.resolve("results.jsonl")).size(), "nothing was asked twice");
    }

    @Test
    void freeFormAnswersGoToTheJudgeAndWithoutOneAreCountedAsFailures() throws Exception {
        Path dataset = OUT.resolve("judged.jsonl");
        Files.write(dataset, List.of("{\"id\":\"j1\",\"prompt\":\"Describe the sea.\",\"answer\":\"blue and "
                + "wide\",\"checker\":\"judge\"}"));
        String url = server.uri("").toString().replaceAll("/$", "");
        Path judged = fresh(OUT.resolve("judged"));
        ModuleBuild.Run run = ModuleBuild.run(POM, args(server, "--dataset", dataset.toString(), "--arms", "no_think",
                "--max-tokens", "64", "--judge", url, "--out", judged.toString()), OUT.resolve("judged.log"),
                Duration.ofMinutes(3));
        assertEquals(0, run.exit(), run.tail());
        Map<String, String> row = csv(judged.resolve("results.csv")).get(0);
        assertEquals("", row.get("error"), row.toString());
        assertEquals("false", row.get("correct"), "the demo model, as the judge, answers 42, not yes: " + row);

        Path unjudged = fresh(OUT.resolve("unjudged"));
        ModuleBuild.Run without = ModuleBuild.run(POM, args(server, "--dataset", dataset.toString(), "--arms",
                "no_think", "--max-tokens", "64", "--out", unjudged.toString()), OUT.resolve("unjudged.log"),
                Duration.ofMinutes(3));
        assertEquals(0, without.exit(), without.tail());
        assertTrue(csv(unjudged.resolve("results.csv")).get(0).get("error").contains("needs a judge"),
                without.tail());
    }

    @Test
    void aServerThatFailsMidRunIsCountedAndARerunFinishesTheRun() throws Exception {
        Path out = fresh(OUT.resolve("outage"));
        PackagedServer failing = demoServer("failing-server");
        String[] options = {"--dataset", "generated:30", "--arms", "think", "--max-tokens", "200", "--concurrency",
            "1", "--out", out.toString()};
        Process eval = ModuleBuild.start(POM, args(failing, options), OUT.resolve("outage.log"));
        Path results = out.resolve("results.jsonl");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!(Files.exists(results) && Files.readAllLines(results).size() >= 3) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        failing.close();
        ModuleBuild.Run run = ModuleBuild.await(eval, OUT.resolve("outage.log"), Duration.ofMinutes(3));
        assertEquals(0, run.exit(), "a server error is never fatal: " + run.tail());
        assertTrue(run.log().matches("(?s).*eval: 30/30 done \\(100%\\), [0-9.]+/s, ETA 0 s, [1-9][0-9]* failed.*"),
                run.tail());
        int answered = csv(out.resolve("results.csv")).stream().filter(r -> r.get("error").isEmpty())
                .mapToInt(r -> 1).sum();
        assertTrue(answered >= 3 && answered < 30, "some answered before the server went: " + answered);

        ModuleBuild.Run rerun = ModuleBuild.run(POM, args(server, options), OUT.resolve("outage-rerun.log"),
                Duration.ofMinutes(4));
        assertEquals(0, rerun.exit(), rerun.tail());
        assertTrue(rerun.log().contains(answered + " done before, " + (30 - answered) + " to run"), rerun.tail());
        assertTrue(rerun.log().contains("eval: " + (30 - answered) + "/" + (30 - answered) + " done (100%)"),
                rerun.tail());
        assertTrue(rerun.log().contains(", 0 failed"), rerun.tail());
    }

    /** An empty output folder: what an earlier run of the test left would be resumed. */
    private static Path fresh(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return dir;
    }

    /** The report parsed as XML: it is written well-formed, so any unclosed or stray tag fails here. */
    private static Document xml(String html) throws Exception {
        String body = html.replaceFirst("<!DOCTYPE html>", "");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
