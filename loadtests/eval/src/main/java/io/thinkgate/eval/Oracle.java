package io.thinkgate.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * For an auto arm, the oracle comparison: per item, the cheapest correct answer among the other named arms (by
 * completion tokens), how often auto chose that arm's mode, and what always picking it would have cost.
 *
 * @param items the items every compared arm and the auto arm answered
 * @param agreed how often auto's choice was the oracle arm's mode, over the items some arm got right
 * @param solvable items some compared arm got right (the oracle's accuracy is solvable / items)
 * @param oracleTokens the oracle's mean completion tokens (for an item no arm got right, the cheapest answer's)
 * @param autoTokens the auto arm's mean completion tokens on the same items
 */
public record Oracle(String autoArm, int items, int agreed, int solvable, double oracleTokens, double autoTokens) {

    public static Optional<Oracle> of(Arm auto, List<Arm> arms, List<ItemResult> results) {
        List<Arm> compared = arms.stream().filter(a -> !a.auto() && !a.mode().isEmpty()).toList();
        if (compared.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, ItemResult>> byArm = results.stream().filter(r -> !r.failed())
                .collect(Collectors.groupingBy(ItemResult::arm, Collectors.toMap(ItemResult::item, r -> r)));
        Map<String, ItemResult> autoResults = byArm.getOrDefault(auto.name(), Map.of());
        int items = 0;
        int agreed = 0;
        int solvable = 0;
        double oracle = 0;
        double spent = 0;
        for (ItemResult a : autoResults.values()) {
            List<Map.Entry<Arm, ItemResult>> answers = compared.stream()
                    .filter(arm -> byArm.getOrDefault(arm.name(), Map.of()).containsKey(a.item()))
                    .map(arm -> Map.entry(arm, byArm.get(arm.name()).get(a.item()))).toList();
            if (answers.size() < compared.size()) {
                continue;
            }
            items++;
            spent += a.completionTokens();
            Optional<Map.Entry<Arm, ItemResult>> best = answers.stream().filter(e -> e.getValue().correct())
                    .min((x, y) -> Integer.compare(x.getValue().completionTokens(), y.getValue().completionTokens()));
            if (best.isPresent()) {
                solvable++;
                oracle += best.get().getValue().completionTokens();
                if (best.get().getKey().mode().equals(a.chosen())) {
                    agreed++;
                }
            } else {
                oracle += answers.stream().mapToInt(e -> e.getValue().completionTokens()).min().orElse(0);
            }
        }
        return items == 0 ? Optional.empty()
                : Optional.of(new Oracle(auto.name(), items, agreed, solvable, oracle / items, spent / items));
    }
}
