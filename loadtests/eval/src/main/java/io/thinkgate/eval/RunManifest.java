package io.thinkgate.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code run.json} in the output folder: the settings its results were made with (model, max_tokens, temperature,
 * each arm's request fields), so that a rerun with other settings does not pass old results off as its own. The
 * endpoint's URL is not among them: the same server may come back on another port. New arms may join a run.
 */
public final class RunManifest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunManifest() {
    }

    public static void check(Path dir, String model, int maxTokens, double temperature, List<Arm> arms)
            throws IOException {
        ObjectNode settings = JSON.createObjectNode().put("model", model).put("max_tokens", maxTokens)
                .put("temperature", temperature);
        ObjectNode fields = settings.putObject("arms");
        arms.forEach(a -> fields.set(a.name(), a.fields()));
        Path file = dir.resolve("run.json");
        Files.createDirectories(dir);
        if (Files.exists(file)) {
            JsonNode before = JSON.readTree(file.toFile());
            for (String name : List.of("model", "max_tokens", "temperature")) {
                if (!before.path(name).equals(settings.path(name))) {
                    throw new IllegalArgumentException(dir + " holds a run made with " + name + " " + before.path(name)
                            + ", not " + settings.path(name) + ": use another --out, or delete it to start again");
                }
            }
            Iterator<Map.Entry<String, JsonNode>> earlier = before.path("arms").fields();
            while (earlier.hasNext()) {
                Map.Entry<String, JsonNode> arm = earlier.next();
                JsonNode now = fields.get(arm.getKey());
                if (now != null && !now.equals(arm.getValue())) {
                    throw new IllegalArgumentException(dir + " holds results of the arm '" + arm.getKey() + "' made "
                            + "with " + arm.getValue() + ", not " + now + ": rename the arm or use another --out");
                }
                if (now == null) {
                    fields.set(arm.getKey(), arm.getValue());
                }
            }
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(settings));
    }
}
