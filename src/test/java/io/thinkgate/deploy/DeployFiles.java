package io.thinkgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment files (k8s/, docker/, README.md) as the deployment tests read them:
 * the project directory, the dashboard's metric names and the application's config keys.
 */
final class DeployFiles {

    static final Path DASHBOARD = Paths.get("docker", "grafana", "dashboards", "thinkgate.json");

    private static final Pattern METRIC = Pattern.compile("\\bthinkgate_[a-z0-9_]+\\b");
    /** A {@code thinkgate.*} key in backticks, as README.md's config table writes them. */
    private static final Pattern README_KEY = Pattern.compile("`(thinkgate\\.[a-z0-9][a-z0-9.\\-]*[a-z0-9])`");
    /** A {@code thinkgate.*} key in application.properties, with or without a %profile. prefix. */
    private static final Pattern PROPERTIES_KEY =
            Pattern.compile("^\\s*(?:%[\\w,\\-]+\\.)?(thinkgate\\.[a-z0-9][a-z0-9.\\-]*[a-z0-9])\\s*[=:]", Pattern.MULTILINE);

    private DeployFiles() {
    }

    /** The repository root: -Dthinkgate.it.project-dir (failsafe sets it) or the working directory (surefire's). */
    static Path projectDir() {
        String dir = System.getProperty("thinkgate.it.project-dir");
        Path p = (dir == null || dir.isBlank() ? Paths.get("") : Paths.get(dir)).toAbsolutePath();
        if (!Files.isRegularFile(p.resolve("pom.xml"))) {
            throw new IllegalStateException("not the project directory (no pom.xml): " + p);
        }
        return p;
    }

    /** Every metric name ({@code thinkgate_...}) that a PromQL expression of the dashboard uses. */
    static Set<String> dashboardMetricNames(Path projectDir) throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(projectDir.resolve(DASHBOARD).toFile());
        Set<String> names = new TreeSet<>();
        for (String expr : expressions(dashboard)) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** All "expr" (panel targets) and "query"/"definition" (template variables) strings of a dashboard. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        collect(dashboard, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String k = e.getKey();
                if (e.getValue().isTextual() && (k.equals("expr") || k.equals("query") || k.equals("definition"))) {
                    out.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    /** Where the thinkgate.* config keys were read from, and the keys. */
    record ConfigKeys(List<String> sources, Set<String> keys) {

        /** The SmallRye environment variable name of each key: upper case, every non-alphanumeric as '_'. */
        Set<String> envNames() {
            Set<String> env = new TreeSet<>();
            keys.forEach(k -> env.add(envName(k)));
            return env;
        }
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * The application's {@code thinkgate.*} keys: README.md's config table (the reference, kept complete)
     * and src/main/resources/application.properties, whichever exist, merged.
     */
    static ConfigKeys configKeys(Path projectDir) throws IOException {
        List<String> sources = new ArrayList<>();
        Set<String> keys = new TreeSet<>();
        Path readme = projectDir.resolve("README.md");
        if (Files.isRegularFile(readme)) {
            Set<String> found = new TreeSet<>();
            for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
                if (line.trim().startsWith("|")) {
                    Matcher m = README_KEY.matcher(line);
                    while (m.find()) {
                        found.add(m.group(1));
                    }
                }
            }
            if (!found.isEmpty()) {
                sources.add("README.md config table (" + found.size() + " keys)");
                keys.addAll(found);
            }
        }
        Path props = projectDir.resolve("src/main/resources/application.properties");
        if (Files.isRegularFile(props)) {
            Set<String> found = new TreeSet<>();
            Matcher m = PROPERTIES_KEY.matcher(Files.readString(props, StandardCharsets.UTF_8));
            while (m.find()) {
                found.add(m.group(1));
            }
            if (!found.isEmpty()) {
                sources.add("src/main/resources/application.properties (" + found.size() + " keys)");
                keys.addAll(found);
            }
        }
        return new ConfigKeys(sources, keys);
    }
}
