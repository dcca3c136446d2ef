package io.thinkgate.loadtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The thinking modes of a mixed run and their shares, written {@code name=weight,...}: {@code think},
 * {@code no_think}, {@code budget:N}, {@code thoughts} (the server's thought model, or the main model
 * itself where it has none) and {@code auto}.
 */
record Mix(List<Arm> arms) {

    /** One mode: its name in the report, the request's {@code thinkgate} object, and its share in percent. */
    record Arm(String name, String thinkgate, double percent) {
    }

    static Mix parse(String spec) {
        List<String[]> parts = new ArrayList<>();
        double total = 0;
        for (String item : spec.split(",")) {
            String[] nameWeight = item.trim().split("=", 2);
            if (nameWeight.length != 2) {
                throw new IllegalArgumentException("mix item '" + item.trim() + "' is not name=weight");
            }
            double weight = Double.parseDouble(nameWeight[1].trim());
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("mix weight of " + nameWeight[0] + " is negative");
            }
            total += weight;
            parts.add(new String[] {nameWeight[0].trim(), nameWeight[1].trim()});
        }
        if (total <= 0) {
            throw new IllegalArgumentException("mix '" + spec + "' gives no arm a weight");
        }
        List<Arm> arms = new ArrayList<>();
        double left = 100;
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i)[0];
            double share = i == parts.size() - 1 ? left : 100 * Double.parseDouble(parts.get(i)[1]) / total;
            left -= share;
            if (share > 0) {
                arms.add(new Arm(name, thinkgate(name), share));
            }
        }
        return new Mix(arms);
    }

    private static String thinkgate(String name) {
        if (name.startsWith("budget:")) {
            int budget = Integer.parseInt(name.substring("budget:".length()));
            if (budget < 1) {
                throw new IllegalArgumentException("budget of '" + name + "' must be at least 1");
            }
            return String.format(Locale.ROOT, "{\"mode\":\"think\",\"budget_tokens\":%d}", budget);
        }
        return switch (name) {
            case "think", "no_think", "thoughts", "auto" -> "{\"mode\":\"" + name + "\"}";
            default -> throw new IllegalArgumentException("unknown mode '" + name
                    + "' (think, no_think, budget:N, thoughts, auto)");
        };
    }
}
