package io.thinkgate.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way of asking: a name and the request fields it adds. Named arms use ThinkGate's {@code thinkgate} object
 * ({@code think}, {@code no_think}, {@code budget:N}, {@code thoughts}, {@code auto}, {@code auto:STRATEGY},
 * {@code plan}); {@code NAME={...}} sends raw request fields instead, for any server ({@code
 * plain={"reasoning_effort":"low"}}, or {@code base={}} for the server's default).
 */
public record Arm(String name, ObjectNode fields) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BUDGET = Pattern.compile("budget:([1-9][0-9]*)");
    private static final Pattern AUTO = Pattern.compile("auto:([a-z]+)");
    private static final Pattern RAW = Pattern.compile("([A-Za-z0-9_.:-]+)=(\\{.*})", Pattern.DOTALL);

    public static Arm parse(String spec) {
        String s = spec.strip();
        Matcher raw = RAW.matcher(s);
        if (raw.matches()) {
            JsonNode fields;
            try {
                fields = JSON.readTree(raw.group(2));
            } catch (Exception e) {
                throw new IllegalArgumentException("arm '" + raw.group(1) + "': its fields are not JSON: "
                        + e.getMessage(), e);
            }
            return new Arm(raw.group(1), (ObjectNode) fields);
        }
        ObjectNode thinkgate = JSON.createObjectNode();
        Matcher budget = BUDGET.matcher(s);
        Matcher auto = AUTO.matcher(s);
        if (budget.matches()) {
            thinkgate.put("mode", "think").put("budget_tokens", Integer.parseInt(budget.group(1)));
        } else if (auto.matches()) {
            thinkgate.put("mode", "auto").putObject("auto").put("strategy", auto.group(1));
        } else if (s.equals("think") || s.equals("no_think") || s.equals("thoughts") || s.equals("auto")
                || s.equals("plan")) {
            thinkgate.put("mode", s);
        } else {
            throw new IllegalArgumentException("unknown arm '" + s + "': think, no_think, budget:N, thoughts, auto, "
                    + "auto:STRATEGY, plan, or NAME={request fields as JSON}");
        }
        ObjectNode fields = JSON.createObjectNode();
        fields.set("thinkgate", thinkgate);
        return new Arm(s, fields);
    }

    /** The thinking mode this arm asks for, for the oracle: {@code think}, {@code no_think}, ... or empty. */
    public String mode() {
        return fields.path("thinkgate").path("mode").asText("");
    }

    public boolean auto() {
        return mode().equals("auto");
    }
}
