package io.thinkgate.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a dataset: {@code generated:N} or {@code generated:N:SEED} (see {@link Generator}), or a JSONL file whose
 * lines have one of the common shapes:
 * <ul>
 * <li>GSM8K: {@code question}, {@code answer} ending in {@code #### N} (numeric);</li>
 * <li>OptimalThinkingBench: {@code question}, {@code answer}, {@code subset} (numeric if the answer is a number,
 * else exact);</li>
 * <li>MATH-500: {@code problem}, {@code answer} (boxed);</li>
 * <li>generic: {@code prompt}, {@code answer} and optionally {@code checker} (numeric, boxed, choice, exact, regex,
 * judge), {@code subset}, {@code difficulty}.</li>
 * </ul>
 * An {@code id} field is kept; otherwise the line number is the id.
 */
public final class Datasets {

    private static final Pattern GSM8K_ANSWER = Pattern.compile("####\\s*(.+)\\s*$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Datasets() {
    }

    public static List<Item> load(String spec) throws IOException {
        if (spec.startsWith("generated:")) {
            String[] parts = spec.split(":");
            int n = Integer.parseInt(parts[1]);
            long seed = parts.length > 2 ? Long.parseLong(parts[2]) : 1;
            return Generator.generate(n, seed);
        }
        Path file = Path.of(spec);
        List<Item> items = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode line;
            try {
                line = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": not JSON: " + e.getMessage(), e);
            }
            items.add(item(line, line.hasNonNull("id") ? line.get("id").asText() : String.valueOf(i + 1), where));
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no item");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Item item : items) {
            if (!ids.add(item.id())) {
                throw new IllegalArgumentException(file + ": the id '" + item.id() + "' is used twice");
            }
        }
        return items;
    }

    static Item item(JsonNode line, String id, String where) {
        String subset = line.path("subset").asText("");
        int difficulty = line.path("difficulty").asInt(0);
        if (!line.hasNonNull("answer")) {
            throw new IllegalArgumentException(where + ": no 'answer'");
        }
        String answer = line.get("answer").asText();
        if (line.hasNonNull("prompt")) {
            Checker checker = line.hasNonNull("checker") ? Checker.parse(line.get("checker").asText())
                    : byAnswer(answer);
            return new Item(id, line.get("prompt").asText(), answer, checker, subset, difficulty);
        }
        if (line.hasNonNull("problem")) {
            return new Item(id, line.get("problem").asText(), answer, Checker.BOXED, subset, difficulty);
        }
        if (line.hasNonNull("question")) {
            Matcher gsm = GSM8K_ANSWER.matcher(answer);
            if (gsm.find()) {
                return new Item(id, line.get("question").asText(), gsm.group(1).strip(), Checker.NUMERIC, subset,
                        difficulty);
            }
            return new Item(id, line.get("question").asText(), answer, byAnswer(answer), subset, difficulty);
        }
        throw new IllegalArgumentException(where + ": expected 'question', 'problem' or 'prompt'");
    }

    private static Checker byAnswer(String answer) {
        return Checker.number(answer).isPresent() ? Checker.NUMERIC : Checker.EXACT;
    }
}
