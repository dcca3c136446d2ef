package io.thinkgate.loadtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The server's side of a run, written next to Gatling's report: {@code thinkgate-metrics.csv} with every sample,
 * {@code thinkgate-metrics.html} with one chart per quantity (self-contained SVG, no script, so it opens offline),
 * and a summary for the console.
 */
final class Figures {

    static final String CSV = "thinkgate-metrics.csv";
    static final String HTML = "thinkgate-metrics.html";

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#7f7f7f"};
    private static final int WIDTH = 860;
    private static final int HEIGHT = 220;
    private static final int MARGIN = 50;

    /** One line of a chart: its name and its value at each point in time. */
    record Line(String name, List<double[]> points) {
    }

    private Figures() {
    }

    static void write(Path dir, String title, List<ServerSample> samples) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CSV), csv(samples));
        Files.writeString(dir.resolve(HTML), html(title, samples));
    }

    static String csv(List<ServerSample> samples) {
        StringBuilder out = new StringBuilder(
                "seconds,active,queued,slots,queue_capacity,completion_tokens,reasoning_tokens,cancelled,resident_bytes\n");
        for (ServerSample s : samples) {
            out.append(String.format(Locale.ROOT, "%.3f,%s,%s,%s,%s,%s,%s,%s,%d%n", s.seconds(), num(s.active()),
                    num(s.queued()), num(s.slots()), num(s.queueCapacity()), num(s.completionTokens()),
                    num(s.reasoningTokens()), num(s.cancelled()), s.residentBytes()));
        }
        return out.toString();
    }

    static String html(String title, List<ServerSample> samples) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>")
                .append(escape(title)).append(" — ThinkGate metrics</title><style>body{font-family:sans-serif;"
                        + "margin:2em}svg{border:1px solid #ddd;margin-bottom:1.5em}</style></head><body>\n<h1>")
                .append(escape(title)).append("</h1>\n<p>Sampled from the server during the run (")
                .append(samples.size()).append(" samples); the numbers are in <code>").append(CSV)
                .append("</code>, Gatling's report is <a href=\"index.html\">index.html</a>.</p>\n<pre>")
                .append(escape(summary(samples))).append("</pre>\n");
        chart(out, "Generated tokens per second", List.of(
                new Line("all tokens", rates(samples, false)), new Line("reasoning tokens", rates(samples, true))));
        chart(out, "Slots and queue", List.of(line("slots in use", samples, ServerSample::active),
                line("slots", samples, ServerSample::slots), line("queue depth", samples, ServerSample::queued),
                line("queue capacity", samples, ServerSample::queueCapacity)));
        chart(out, "Resident memory (MiB)", List.of(line("server process and its children", samples,
                s -> s.residentBytes() < 0 ? Double.NaN : s.residentBytes() / 1048576.0)));
        return out.append("</body></html>\n").toString();
    }

    /** The figures an operator looks at first, one per line. */
    static String summary(List<ServerSample> samples) {
        if (samples.size() < 2) {
            return "fewer than 2 server samples: no figures\n";
        }
        ServerSample first = samples.get(0);
        ServerSample last = samples.get(samples.size() - 1);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "server samples            %d over %.0f s%n", samples.size(),
                last.seconds() - first.seconds()));
        out.append(String.format(Locale.ROOT, "tokens/s (mean)           %.1f, reasoning %.1f%n",
                last.tokensPerSecondSince(first), last.reasoningTokensPerSecondSince(first)));
        out.append(String.format(Locale.ROOT, "slots in use (max)        %s of %s%n", num(max(samples,
                ServerSample::active)), num(last.slots())));
        out.append(String.format(Locale.ROOT, "queue depth (max)         %s of %s%n", num(max(samples,
                ServerSample::queued)), num(last.queueCapacity())));
        out.append(String.format(Locale.ROOT, "after the load            %s slots in use, %s queued%n",
                num(last.active()), num(last.queued())));
        if (first.residentBytes() >= 0 && last.residentBytes() >= 0) {
            out.append(String.format(Locale.ROOT, "resident memory (MiB)     first %.0f, max %.0f, last %.0f%n",
                    first.residentBytes() / 1048576.0, max(samples, s -> s.residentBytes()) / 1048576.0,
                    last.residentBytes() / 1048576.0));
        }
        return out.toString();
    }

    static double max(List<ServerSample> samples, ToDoubleFunction<ServerSample> value) {
        return samples.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    private static Line line(String name, List<ServerSample> samples, ToDoubleFunction<ServerSample> value) {
        List<double[]> points = new ArrayList<>();
        for (ServerSample s : samples) {
            points.add(new double[] {s.seconds(), value.applyAsDouble(s)});
        }
        return new Line(name, points);
    }

    private static List<double[]> rates(List<ServerSample> samples, boolean reasoning) {
        List<double[]> points = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            ServerSample s = samples.get(i);
            ServerSample before = samples.get(i - 1);
            points.add(new double[] {s.seconds(), reasoning ? s.reasoningTokensPerSecondSince(before)
                    : s.tokensPerSecondSince(before)});
        }
        return points;
    }

    private static void chart(StringBuilder out, String title, List<Line> lines) {
        double maxX = 0;
        double maxY = 0;
        for (Line line : lines) {
            for (double[] p : line.points()) {
                if (Double.isFinite(p[1])) {
                    maxX = Math.max(maxX, p[0]);
                    maxY = Math.max(maxY, p[1]);
                }
            }
        }
        double xScale = (WIDTH - 2.0 * MARGIN) / Math.max(maxX, 1);
        double yScale = (HEIGHT - 2.0 * MARGIN) / (maxY > 0 ? maxY * 1.1 : 1);
        out.append(String.format(Locale.ROOT, "<h2>%s</h2>%n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n", escape(title), WIDTH, HEIGHT,
                escape(title)));
        int bottom = HEIGHT - MARGIN;
        out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>%n", MARGIN, bottom,
                WIDTH - MARGIN, bottom, MARGIN, MARGIN, MARGIN, bottom));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s"
                + "</text><text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f s</text>%n", MARGIN - 4,
                MARGIN + 4, num(maxY), MARGIN - 4, bottom, WIDTH - MARGIN, bottom + 16, maxX));
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double[] p : line.points()) {
                if (Double.isFinite(p[1])) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", MARGIN + p[0] * xScale,
                            bottom - p[1] * yScale));
                }
            }
            out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                    + "points=\"%s\"><title>%s</title></polyline>%n", colour, points.toString().trim(),
                    escape(line.name())));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>%n",
                    MARGIN + 10 + i * 190, HEIGHT - 12, colour, escape(line.name())));
        }
        out.append("</svg>\n");
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
