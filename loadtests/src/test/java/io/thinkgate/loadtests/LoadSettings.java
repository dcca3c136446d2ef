package io.thinkgate.loadtests;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every simulation reads from system properties ({@code -Dkey=value} on the Maven command line); the keys and
 * their defaults are listed in loadtests/README.md.
 */
record LoadSettings(URI url, Optional<String> apiKey, Optional<String> model, int users, Duration duration,
                    int maxTokens, String prompt, Optional<String> thinkgate, Duration sampleEvery, Duration requestTimeout,
                    double maxFailedPercent, int ttftP95Millis, double minRequestsPerSecond, long maxRequests) {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    static LoadSettings from(Properties p) {
        return new LoadSettings(
                URI.create(text(p, "url", "http://127.0.0.1:8080")),
                Optional.ofNullable(text(p, "api.key", null)).filter(k -> !k.isBlank()),
                Optional.ofNullable(text(p, "model", null)).filter(m -> !m.isBlank()),
                positive(p, "users", 4),
                duration(p.getProperty("duration", "60s")),
                positive(p, "max.tokens", 128),
                text(p, "prompt", "What is 17 times 23? Think it through, then answer with the number."),
                Optional.ofNullable(text(p, "thinkgate", null)).filter(t -> !t.isBlank()),
                duration(p.getProperty("sample.every", "1s")),
                duration(p.getProperty("request.timeout", "120s")),
                Double.parseDouble(p.getProperty("assert.failed.percent", "0")),
                positive(p, "assert.ttft.p95.ms", 10_000),
                Double.parseDouble(p.getProperty("assert.min.rps", "0.05")),
                positive(p, "max.requests", 1_000_000));
    }

    static LoadSettings fromSystemProperties() {
        return from(System.getProperties());
    }

    /**
     * A text property as the user wrote it. The Gatling plugin hands properties to its forked JVM quoted as for a
     * shell (a value with a space comes wrapped in quotes, and each quote escaped with a backslash) but nothing
     * takes the quoting off again, so it is taken off here.
     */
    static String text(Properties p, String key, String def) {
        String value = p.getProperty(key);
        if (value == null) {
            return def;
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.replace("\\\"", "\"");
    }

    /** {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h}, or an ISO-8601 duration such as {@code PT1M30S}. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt")) {
            return Duration.parse(t);
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write 500ms, 90s, 10m, 1h or PT1M)");
        }
        double n = Double.parseDouble(m.group(1));
        long millis = Math.round(switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        });
        return Duration.ofMillis(millis);
    }

    static int positive(Properties p, String key, int def) {
        long value = Long.parseLong(p.getProperty(key, String.valueOf(def)).trim());
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be at most " + Integer.MAX_VALUE + ", not " + value);
        }
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
        return (int) value;
    }

    static double fraction(Properties p, String key, double def) {
        double value = Double.parseDouble(p.getProperty(key, String.valueOf(def)).trim());
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(key + " must lie in [0, 1], not " + value);
        }
        return value;
    }

    /** The URL with the given path, for the clients outside Gatling (model lookup, metrics sampler). */
    URI resolve(String path) {
        return url.resolve(path);
    }
}
