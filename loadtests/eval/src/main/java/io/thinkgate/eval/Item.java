package io.thinkgate.eval;

/**
 * One question of a dataset.
 *
 * @param subset the item's group for the breakdown (OptimalThinkingBench's {@code simple}/{@code hard}, a generated
 *     problem's kind), or empty
 * @param difficulty a generated problem's grade, 1 (easiest) to 5; 0 where the dataset gives none
 */
public record Item(String id, String prompt, String answer, Checker checker, String subset, int difficulty) {

    /** The group the breakdown puts it in: its subset, else its grade, else "all". */
    public String group() {
        if (!subset.isEmpty()) {
            return subset;
        }
        return difficulty > 0 ? "difficulty " + difficulty : "all";
    }
}
