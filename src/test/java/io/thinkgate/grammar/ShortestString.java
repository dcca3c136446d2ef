package io.thinkgate.grammar;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A shortest string a grammar matches, found by growing each rule's shortest string to a fixpoint. It proves that
 * the grammar accepts something, and gives a witness to validate.
 */
public final class ShortestString {

    private final Grammar grammar;
    private final Map<String, String> shortest = new HashMap<>();

    private ShortestString(Grammar grammar) {
        this.grammar = grammar;
    }

    public static Optional<String> of(Grammar grammar) {
        ShortestString search = new ShortestString(grammar);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, Expr> rule : grammar.rules().entrySet()) {
                String found = search.of(rule.getValue());
                String known = search.shortest.get(rule.getKey());
                if (found != null && (known == null || found.length() < known.length())) {
                    search.shortest.put(rule.getKey(), found);
                    changed = true;
                }
            }
        }
        return Optional.ofNullable(search.shortest.get(Grammar.ROOT));
    }

    private String of(Expr expr) {
        if (expr instanceof Expr.Literal literal) {
            return literal.text();
        }
        if (expr instanceof Expr.CharClass charClass) {
            java.util.TreeSet<Integer> candidates = new java.util.TreeSet<>(java.util.List.of((int) ' ', 1, 0xE000));
            charClass.ranges().forEach(r -> {
                candidates.add(r.first());
                candidates.add(r.last() + 1);
            });
            Integer best = null;
            for (int c : candidates) {
                boolean listed = charClass.ranges().stream().anyMatch(r -> r.first() <= c && c <= r.last());
                boolean writable = c > 0 && c <= Character.MAX_CODE_POINT && (c < 0xD800 || c > 0xDFFF);
                if (listed != charClass.negated() && writable && (best == null || (best < ' ' && c >= ' '))) {
                    best = c;
                }
            }
            return best == null ? null : Character.toString(best);
        }
        if (expr instanceof Expr.AnyChar) {
            return "a";
        }
        if (expr instanceof Expr.Ref ref) {
            return shortest.get(ref.rule());
        }
        if (expr instanceof Expr.Sequence sequence) {
            StringBuilder text = new StringBuilder();
            for (Expr item : sequence.items()) {
                String part = of(item);
                if (part == null) {
                    return null;
                }
                text.append(part);
            }
            return text.toString();
        }
        if (expr instanceof Expr.Alternation alternation) {
            String best = null;
            for (Expr alternative : alternation.alternatives()) {
                String candidate = of(alternative);
                if (candidate != null && (best == null || candidate.length() < best.length())) {
                    best = candidate;
                }
            }
            return best;
        }
        Expr.Repeat repeat = (Expr.Repeat) expr;
        if (repeat.min() == 0) {
            return "";
        }
        String item = of(repeat.item());
        return item == null ? null : item.repeat(repeat.min());
    }
}
