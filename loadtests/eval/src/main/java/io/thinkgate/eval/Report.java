package io.thinkgate.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Writes a run's figures: a terminal table, summary.json, results.csv and a self-contained report.html. */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private static final int MARGIN = 60;

    private Report() {
    }

    public static void table(List<ArmSummary> arms, List<Oracle> oracles, PrintStream out) {
        out.printf(Locale.ROOT, "%-24s %6s %6s %18s %9s %9s %9s %9s %9s %9s %10s %8s%n", "arm", "items", "failed",
                "accuracy (95% CI)", "reason", "compl", "compl p95", "lat p50", "lat p95", "ttft p50", "tok/corr",
                "E3");
        for (ArmSummary a : arms) {
            out.printf(Locale.ROOT, "%-24s %6d %6d %6.1f%% (%4.1f-%4.1f) %9.1f %9.1f %9.0f %7.0fms %7.0fms %7.0fms "
                            + "%10.1f %8.5f%n", a.arm(), a.answered(), a.failed(), 100 * a.accuracy(),
                    100 * a.accuracyLow(), 100 * a.accuracyHigh(), a.reasoning().mean(), a.completion().mean(),
                    a.completion().p95(), a.latencyMs().p50(), a.latencyMs().p95(), a.ttftMs().p50(),
                    a.tokensPerCorrect(), a.e3());
        }
        for (ArmSummary a : arms) {
            if (!Double.isNaN(a.simpleAuc()) || !Double.isNaN(a.hardAccuracy())) {
                out.printf(Locale.ROOT, "%-24s OptimalThinkingBench: AUC_OAA(simple) %.3f, accuracy(hard) %.3f, "
                        + "F1 %.3f%n", a.arm(), a.simpleAuc(), a.hardAccuracy(), a.otbF1());
            }
            if (!a.chosen().isEmpty()) {
                out.printf(Locale.ROOT, "%-24s auto chose %s%n", a.arm(), a.chosen());
            }
        }
        for (Oracle o : oracles) {
            out.printf(Locale.ROOT, "%-24s oracle: %d items, %d solvable, auto chose the cheapest correct arm's "
                            + "mode on %d; oracle %.1f tokens/item, auto %.1f%n", o.autoArm(), o.items(),
                    o.solvable(), o.agreed(), o.oracleTokens(), o.autoTokens());
        }
    }

    public static void json(List<ArmSummary> arms, List<Oracle> oracles, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("arms", JSON.valueToTree(arms));
        root.set("oracle", JSON.valueToTree(oracles));
        Files.writeString(file, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
    }

    public static void csv(List<ItemResult> results, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("arm,item,group,correct,reasoning_tokens,completion_tokens,latency_ms,ttft_ms,chosen,error");
        for (ItemResult r : results) {
            lines.add(String.join(",", cell(r.arm()), cell(r.item()), cell(r.group()), String.valueOf(r.correct()),
                    String.valueOf(r.reasoningTokens()), String.valueOf(r.completionTokens()),
                    String.format(Locale.ROOT, "%.1f", r.latencyMs()), String.format(Locale.ROOT, "%.1f", r.ttftMs()),
                    cell(r.chosen() == null ? "" : r.chosen()), cell(r.error() == null ? "" : r.error())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String cell(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** Arms no other arm beats on both counts: at most as many tokens and at least as accurate, one strictly. */
    static List<ArmSummary> paretoFront(List<ArmSummary> arms) {
        List<ArmSummary> front = new ArrayList<>();
        for (ArmSummary a : arms) {
            if (Double.isNaN(a.accuracy())) {
                continue;
            }
            boolean dominated = arms.stream().filter(b -> b != a && !Double.isNaN(b.accuracy())).anyMatch(b ->
                    b.completion().mean() <= a.completion().mean() && b.accuracy() >= a.accuracy()
                            && (b.completion().mean() < a.completion().mean() || b.accuracy() > a.accuracy()));
            if (!dominated) {
                front.add(a);
            }
        }
        front.sort(Comparator.comparingDouble(a -> a.completion().mean()));
        return front;
    }

    /** A page with no outside reference: the plot is inline SVG, the style inline CSS. */
    public static String html(String title, List<ArmSummary> arms, List<Oracle> oracles) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>")
                .append(escape(title)).append("</title><style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
                        + "text-align:right}th{background:#eee}td:first-child{text-align:left}</style></head><body>\n");
        h.append("<h1>").append(escape(title)).append("</h1>\n<h2>Accuracy against tokens</h2>\n");
        h.append(plot(arms));
        h.append("<p>One point per arm: mean completion tokens (reasoning included) against accuracy. The line joins "
                + "the Pareto front: the arms no other arm beats on both.</p>\n<h2>Arms</h2>\n<table><tr><th>arm</th>"
                + "<th>items</th><th>failed</th><th>accuracy</th><th>95% CI</th><th>reasoning tokens</th>"
                + "<th>completion tokens</th><th>p95</th><th>latency p50 ms</th><th>p95</th><th>TTFT p50 ms</th>"
                + "<th>tokens per correct</th><th>E³</th><th>AUC_OAA simple</th><th>accuracy hard</th>"
                + "<th>auto chose</th></tr>\n");
        for (ArmSummary a : arms) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.1f%%</td>"
                            + "<td>%.1f–%.1f%%</td><td>%.1f</td><td>%.1f</td><td>%.0f</td><td>%.0f</td><td>%.0f</td>"
                            + "<td>%.0f</td><td>%.1f</td><td>%.5f</td><td>%.3f</td><td>%.3f</td><td>%s</td></tr>%n",
                    escape(a.arm()), a.answered(), a.failed(), 100 * a.accuracy(), 100 * a.accuracyLow(),
                    100 * a.accuracyHigh(), a.reasoning().mean(), a.completion().mean(), a.completion().p95(),
                    a.latencyMs().p50(), a.latencyMs().p95(), a.ttftMs().p50(), a.tokensPerCorrect(), a.e3(),
                    a.simpleAuc(), a.hardAccuracy(), escape(a.chosen().toString())));
        }
        h.append("</table>\n<h2>Accuracy by subset or difficulty</h2>\n<table><tr><th>group</th>");
        Set<String> groups = new TreeSet<>();
        arms.forEach(a -> groups.addAll(a.accuracyByGroup().keySet()));
        arms.forEach(a -> h.append("<th>").append(escape(a.arm())).append("</th>"));
        h.append("</tr>\n");
        for (String g : groups) {
            h.append("<tr><td>").append(escape(g)).append("</td>");
            for (ArmSummary a : arms) {
                Double acc = a.accuracyByGroup().get(g);
                h.append("<td>").append(acc == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * acc))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (!oracles.isEmpty()) {
            h.append("<h2>Auto against the oracle</h2>\n<table><tr><th>auto arm</th><th>items</th><th>solvable</th>"
                    + "<th>chose the cheapest correct mode</th><th>oracle tokens per item</th>"
                    + "<th>auto tokens per item</th></tr>\n");
            for (Oracle o : oracles) {
                h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.1f</td>"
                                + "<td>%.1f</td></tr>%n", escape(o.autoArm()), o.items(), o.solvable(), o.agreed(),
                        o.oracleTokens(), o.autoTokens()));
            }
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString().replace(">NaN<", ">–<").replace("NaN%", "–");
    }

    static String plot(List<ArmSummary> arms) {
        List<ArmSummary> shown = arms.stream().filter(a -> !Double.isNaN(a.accuracy())).toList();
        double maxTokens = Math.max(1, shown.stream().mapToDouble(a -> a.completion().mean()).max().orElse(1)) * 1.1;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"accuracy against tokens\">%n", WIDTH, HEIGHT));
        int x0 = MARGIN;
        int y0 = HEIGHT - MARGIN;
        int w = WIDTH - 2 * MARGIN;
        int hgt = HEIGHT - 2 * MARGIN;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                x0, y0, x0 + w, y0));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                x0, y0, x0, y0 - hgt));
        for (int i = 0; i <= 4; i++) {
            double y = y0 - hgt * i / 4.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\">"
                    + "%d%%</text>%n", x0 - 6, y + 4, i * 25));
            double x = x0 + w * i / 4.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">"
                    + "%.0f</text>%n", x, y0 + 16, maxTokens * i / 4));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">mean "
                + "completion tokens</text>%n", x0 + w / 2, HEIGHT - 16));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 14 %d)"
                + "\" text-anchor=\"middle\">accuracy</text>%n", y0 - hgt / 2, y0 - hgt / 2));
        StringBuilder front = new StringBuilder();
        for (ArmSummary a : paretoFront(shown)) {
            front.append(String.format(Locale.ROOT, "%.1f,%.1f ", x0 + w * a.completion().mean() / maxTokens,
                    y0 - hgt * a.accuracy()));
        }
        s.append("<polyline class=\"pareto\" fill=\"none\" stroke=\"#d62728\" stroke-dasharray=\"4 3\" points=\"")
                .append(front.toString().strip()).append("\"/>\n");
        java.util.Map<String, Integer> labelsAt = new java.util.HashMap<>();
        for (ArmSummary a : shown) {
            double x = x0 + w * a.completion().mean() / maxTokens;
            double y = y0 - hgt * a.accuracy();
            // arms on (nearly) the same point get their labels stacked, not printed over each other
            int stacked = labelsAt.merge(Math.round(x / 8) + ":" + Math.round(y / 8), 1, Integer::sum) - 1;
            s.append(String.format(Locale.ROOT, "<circle class=\"arm\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" "
                    + "fill=\"#1f77b4\"><title>%s</title></circle>%n", x, y, escape(a.arm())));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>%n", x + 7,
                    y - 7 - 13 * stacked, escape(a.arm())));
        }
        return s.append("</svg>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
