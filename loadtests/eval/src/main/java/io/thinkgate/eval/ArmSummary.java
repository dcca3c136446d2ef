package io.thinkgate.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One arm's figures over the items it answered (failed items are counted apart, not as wrong).
 *
 * @param accuracyLow the 95% Wilson interval's lower end
 * @param tokensPerCorrect completion tokens spent per correct answer (all tokens, over correct answers)
 * @param e3 Plan-and-Budget's E³: accuracy² / mean completion tokens
 * @param simpleAuc OptimalThinkingBench's AUC of overthinking-adjusted accuracy on simple items, up to 1,000
 *     thinking tokens; NaN without simple items
 * @param hardAccuracy accuracy on hard items; NaN without them
 * @param otbF1 the F1 of the two
 * @param chosen for auto arms, how often auto chose each mode
 */
public record ArmSummary(String arm, int answered, int failed, double accuracy, double accuracyLow,
        double accuracyHigh, Figures reasoning, Figures completion, Figures latencyMs, Figures ttftMs,
        double tokensPerCorrect, double e3, double simpleAuc, double hardAccuracy, double otbF1,
        Map<String, Integer> chosen, Map<String, Double> accuracyByGroup) {

    /** Mean, median and 95th percentile. */
    public record Figures(double mean, double p50, double p95) {

        static Figures of(double[] values) {
            if (values.length == 0) {
                return new Figures(Double.NaN, Double.NaN, Double.NaN);
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Figures(Arrays.stream(sorted).average().orElse(Double.NaN), percentile(sorted, 50),
                    percentile(sorted, 95));
        }

        /** Nearest rank. */
        static double percentile(double[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    static final int OTB_MAX_THINKING = 1_000;

    public static ArmSummary of(String arm, List<ItemResult> results, Map<String, Item> items) {
        List<ItemResult> answered = results.stream().filter(r -> !r.failed()).toList();
        int failed = results.size() - answered.size();
        int n = answered.size();
        long correct = answered.stream().filter(ItemResult::correct).count();
        double accuracy = n == 0 ? Double.NaN : (double) correct / n;
        double[] wilson = wilson(correct, n);
        Figures completion = Figures.of(answered.stream().mapToDouble(ItemResult::completionTokens).toArray());
        double totalTokens = answered.stream().mapToDouble(ItemResult::completionTokens).sum();
        List<ItemResult> simple = answered.stream().filter(r -> simple(items.get(r.item()))).toList();
        List<ItemResult> hard = answered.stream().filter(r -> hard(items.get(r.item()))).toList();
        double auc = simple.isEmpty() ? Double.NaN : overthinkingAuc(simple);
        double hardAccuracy = hard.isEmpty() ? Double.NaN
                : (double) hard.stream().filter(ItemResult::correct).count() / hard.size();
        Map<String, Integer> chosen = new TreeMap<>();
        answered.stream().filter(r -> r.chosen() != null).forEach(r -> chosen.merge(r.chosen(), 1, Integer::sum));
        Map<String, Double> byGroup = new TreeMap<>();
        answered.stream().map(ItemResult::group).distinct().forEach(g -> {
            List<ItemResult> in = answered.stream().filter(r -> r.group().equals(g)).toList();
            byGroup.put(g, (double) in.stream().filter(ItemResult::correct).count() / in.size());
        });
        return new ArmSummary(arm, n, failed, accuracy, wilson[0], wilson[1],
                Figures.of(answered.stream().mapToDouble(ItemResult::reasoningTokens).toArray()), completion,
                Figures.of(answered.stream().mapToDouble(ItemResult::latencyMs).toArray()),
                Figures.of(answered.stream().mapToDouble(ItemResult::ttftMs).filter(t -> t >= 0).toArray()),
                correct == 0 ? Double.NaN : totalTokens / correct,
                n == 0 || completion.mean() == 0 ? Double.NaN : accuracy * accuracy / completion.mean(),
                auc, hardAccuracy, f1(auc, hardAccuracy), chosen, byGroup);
    }

    /** OptimalThinkingBench's simple subset, or an item graded 1 or 2 (the generated arithmetic). */
    static boolean simple(Item item) {
        return item.subset().equalsIgnoreCase("simple")
                || !item.subset().equalsIgnoreCase("hard") && item.difficulty() >= 1 && item.difficulty() <= 2;
    }

    /** OptimalThinkingBench's hard subset, or an item graded 3 or more. */
    static boolean hard(Item item) {
        return item.subset().equalsIgnoreCase("hard")
                || !item.subset().equalsIgnoreCase("simple") && item.difficulty() >= 3;
    }

    /**
     * The mean over thresholds t = 1..1000 of the share of items answered correctly with fewer than t thinking
     * tokens: 1 for correct answers without thinking, less the more the model thinks to get them.
     */
    static double overthinkingAuc(List<ItemResult> simple) {
        double sum = 0;
        for (int t = 1; t <= OTB_MAX_THINKING; t++) {
            int threshold = t;
            sum += (double) simple.stream().filter(r -> r.correct() && r.reasoningTokens() < threshold).count()
                    / simple.size();
        }
        return sum / OTB_MAX_THINKING;
    }

    static double f1(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || a + b == 0 ? Double.NaN : 2 * a * b / (a + b);
    }

    /** The 95% Wilson score interval of k successes in n. */
    static double[] wilson(long k, int n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double z = 1.959963984540054;
        double p = (double) k / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
