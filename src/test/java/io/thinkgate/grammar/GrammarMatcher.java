package io.thinkgate.grammar;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a grammar matches a whole string, by computing for each expression and start position every
 * position where a match can end. Exponential nowhere: each rule is evaluated once per start position. Grammars must
 * not be left-recursive ({@code GbnfCheck} guarantees it for ours; llama.cpp refuses it for its own).
 */
public final class GrammarMatcher {

    private final Grammar grammar;
    private final int[] text;
    private final Map<Long, BitSet> memo = new HashMap<>();
    private final Set<Long> active = new HashSet<>();
    private final Map<String, Integer> ruleIds = new HashMap<>();

    private GrammarMatcher(Grammar grammar, String text) {
        this.grammar = grammar;
        this.text = text.codePoints().toArray();
        grammar.rules().keySet().forEach(name -> ruleIds.put(name, ruleIds.size()));
    }

    public static boolean matches(Grammar grammar, String text) {
        GrammarMatcher matcher = new GrammarMatcher(grammar, text);
        return matcher.ends(new Expr.Ref(Grammar.ROOT), 0).get(matcher.text.length);
    }

    private BitSet ends(Expr expr, int start) {
        BitSet result = new BitSet();
        if (expr instanceof Expr.Literal literal) {
            int[] expected = literal.text().codePoints().toArray();
            if (start + expected.length <= text.length) {
                for (int i = 0; i < expected.length; i++) {
                    if (text[start + i] != expected[i]) {
                        return result;
                    }
                }
                result.set(start + expected.length);
            }
        } else if (expr instanceof Expr.CharClass charClass) {
            if (start < text.length) {
                int c = text[start];
                boolean listed = charClass.ranges().stream().anyMatch(r -> r.first() <= c && c <= r.last());
                if (listed != charClass.negated()) {
                    result.set(start + 1);
                }
            }
        } else if (expr instanceof Expr.AnyChar) {
            if (start < text.length) {
                result.set(start + 1);
            }
        } else if (expr instanceof Expr.Ref ref) {
            return rule(ref.rule(), start);
        } else if (expr instanceof Expr.Sequence sequence) {
            BitSet positions = new BitSet();
            positions.set(start);
            for (Expr item : sequence.items()) {
                positions = step(item, positions);
            }
            return positions;
        } else if (expr instanceof Expr.Alternation alternation) {
            alternation.alternatives().forEach(alternative -> result.or(ends(alternative, start)));
        } else if (expr instanceof Expr.Repeat repeat) {
            BitSet current = new BitSet();
            current.set(start);
            for (int i = 0; i < repeat.min(); i++) {
                current = step(repeat.item(), current);
            }
            result.or(current);
            for (int i = repeat.min(); repeat.max() == Expr.Repeat.UNBOUNDED || i < repeat.max(); i++) {
                BitSet next = step(repeat.item(), current);
                next.andNot(result);
                if (next.isEmpty()) {
                    break;
                }
                result.or(next);
                current = next;
            }
        }
        return result;
    }

    private BitSet step(Expr item, BitSet starts) {
        BitSet next = new BitSet();
        starts.stream().forEach(position -> next.or(ends(item, position)));
        return next;
    }

    private BitSet rule(String name, int start) {
        Integer id = ruleIds.get(name);
        if (id == null) {
            throw new IllegalArgumentException("undefined rule " + name);
        }
        long key = ((long) id << 32) | start;
        BitSet known = memo.get(key);
        if (known != null) {
            return known;
        }
        if (!active.add(key)) {
            throw new IllegalStateException("left recursion through rule " + name);
        }
        BitSet result = ends(grammar.rules().get(name), start);
        active.remove(key);
        memo.put(key, result);
        return result;
    }
}
