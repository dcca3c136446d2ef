package io.thinkgate.loadtests;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** The series of a Prometheus text exposition ({@code /q/metrics}), summed over their labels per metric name. */
final class PrometheusText {

    private final Map<String, Double> byName;
    private final Map<String, Double> bySeries;

    private PrometheusText(Map<String, Double> byName, Map<String, Double> bySeries) {
        this.byName = byName;
        this.bySeries = bySeries;
    }

    static PrometheusText parse(String text) {
        Map<String, Double> sums = new HashMap<>();
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int labels = l.indexOf('{');
            int space = labels >= 0 ? l.indexOf(' ', l.lastIndexOf('}')) : l.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = l.substring(0, labels >= 0 ? labels : space);
            String[] rest = l.substring(space + 1).strip().split("\\s+");
            OptionalDouble value = number(rest[0]);
            if (value.isPresent()) {
                sums.merge(name, value.getAsDouble(), Double::sum);
                series.put(l.substring(0, space), value.getAsDouble());
            }
        }
        return new PrometheusText(sums, series);
    }

    /**
     * Prometheus writes infinities as {@code +Inf} and {@code -Inf}, which Java doesn't read; a line that isn't a
     * sample (an error page where metrics were expected) has no number.
     */
    private static OptionalDouble number(String text) {
        return switch (text) {
            case "+Inf" -> OptionalDouble.of(Double.POSITIVE_INFINITY);
            case "-Inf" -> OptionalDouble.of(Double.NEGATIVE_INFINITY);
            default -> {
                try {
                    yield OptionalDouble.of(Double.parseDouble(text));
                } catch (NumberFormatException e) {
                    yield OptionalDouble.empty();
                }
            }
        };
    }

    /**
     * The metric's value summed over the series that carry {@code label="value"} (for example
     * {@code outcome="cancelled"}); NaN when the server exports no such series.
     */
    double value(String name, String label, String value) {
        String pair = label + "=\"" + value + "\"";
        double sum = Double.NaN;
        for (Map.Entry<String, Double> e : bySeries.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(name + "{") && (key.contains("{" + pair) || key.contains("," + pair))) {
                sum = Double.isNaN(sum) ? e.getValue() : sum + e.getValue();
            }
        }
        return sum;
    }

    /** The metric's value, summed over all its label sets; NaN when the server doesn't export it. */
    double value(String name) {
        return byName.getOrDefault(name, Double.NaN);
    }
}
