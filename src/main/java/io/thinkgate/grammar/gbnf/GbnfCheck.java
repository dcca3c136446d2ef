package io.thinkgate.grammar.gbnf;

import io.thinkgate.grammar.Expr;
import io.thinkgate.grammar.Grammar;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Proves, before llama.cpp sees a grammar, that running it is safe. llama.cpp aborts the process when the model
 * reaches a state where no token fits the grammar, and refuses or loops on left recursion; so a grammar passes only
 * when every rule is defined, nothing reachable is left-recursive, and every expression reachable from {@code root}
 * derives at least one string that a model can write (so from every state the grammar allows there is a way on).
 * U+0000 and lone surrogates cannot be written: llama.cpp reads U+0000 as the end of a token, and UTF-8 has no
 * surrogates.
 */
public final class GbnfCheck {

    private final Grammar grammar;
    private final GrammarLimits limits;
    private final Set<String> productive = new HashSet<>();
    private final Set<String> nullable = new HashSet<>();

    private GbnfCheck(Grammar grammar, GrammarLimits limits) {
        this.grammar = grammar;
        this.limits = limits;
    }

    /** @throws GrammarException naming the rule and what is wrong with it */
    public static void check(Grammar grammar, GrammarLimits limits) {
        new GbnfCheck(grammar, limits).run();
    }

    private void run() {
        if (!grammar.rules().containsKey(Grammar.ROOT)) {
            throw new GrammarException("grammar", "there is no 'root' rule");
        }
        grammar.rules().forEach((name, expr) -> {
            if (!GbnfWriter.RULE_NAME.matcher(name).matches()) {
                throw new GrammarException("rule " + name, "a rule name may only hold letters, digits and '-'");
            }
            wellFormed(name, expr);
        });
        fixpoint(productive, this::productive);
        fixpoint(nullable, this::nullable);
        Set<String> reachable = reachable();
        for (String name : reachable) {
            allProductive(name, grammar.rules().get(name));
        }
        noLeftRecursion(reachable);
        long elements = 0;
        for (Expr expr : grammar.rules().values()) {
            elements = Math.min(Long.MAX_VALUE / 2, elements + size(expr));
        }
        if (elements > limits.maxGrammarElements()) {
            throw new GrammarException("grammar", "the grammar has " + elements
                    + " elements once its repetitions are expanded; at most " + limits.maxGrammarElements()
                    + " are accepted");
        }
    }

    private void wellFormed(String rule, Expr expr) {
        if (expr instanceof Expr.Ref ref && !grammar.rules().containsKey(ref.rule())) {
            throw new GrammarException("rule " + rule, "it refers to the undefined rule '" + ref.rule() + "'");
        } else if (expr instanceof Expr.CharClass charClass) {
            for (Expr.CharRange range : charClass.ranges()) {
                if (range.first() < 0 || range.last() > Character.MAX_CODE_POINT || range.first() > range.last()) {
                    throw new GrammarException("rule " + rule, "the character range " + Integer.toHexString(
                            range.first()) + "-" + Integer.toHexString(range.last()) + " is empty or not Unicode");
                }
            }
        } else if (expr instanceof Expr.Repeat repeat) {
            boolean unbounded = repeat.max() == Expr.Repeat.UNBOUNDED;
            if (repeat.min() < 0 || (!unbounded && repeat.max() < repeat.min())) {
                throw new GrammarException("rule " + rule, "the repetition {" + repeat.min() + "," + repeat.max()
                        + "} is empty");
            }
            if (repeat.min() > limits.maxRepetition() || (!unbounded && repeat.max() > limits.maxRepetition())) {
                throw new GrammarException("rule " + rule, "a repetition count is above "
                        + limits.maxRepetition());
            }
            wellFormed(rule, repeat.item());
        } else if (expr instanceof Expr.Alternation alternation) {
            if (alternation.alternatives().isEmpty()) {
                throw new GrammarException("rule " + rule, "an alternation has no alternatives");
            }
            alternation.alternatives().forEach(alternative -> wellFormed(rule, alternative));
        } else if (expr instanceof Expr.Sequence sequence) {
            sequence.items().forEach(item -> wellFormed(rule, item));
        }
    }

    /**
     * Grows {@code rules} to every rule whose expression satisfies {@code holds} given the rules found so far. A rule
     * is tested again only when a rule it refers to joins, so a long chain of rules costs linear time.
     */
    private void fixpoint(Set<String> rules, Predicate<Expr> holds) {
        Map<String, Set<String>> usedBy = new HashMap<>();
        grammar.rules().forEach((name, expr) -> refs(expr, false,
                target -> usedBy.computeIfAbsent(target, t -> new HashSet<>()).add(name)));
        Deque<String> todo = new ArrayDeque<>(grammar.rules().keySet());
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!rules.contains(name) && holds.test(grammar.rules().get(name))) {
                rules.add(name);
                todo.addAll(usedBy.getOrDefault(name, Set.of()));
            }
        }
    }

    private boolean productive(Expr expr) {
        if (expr instanceof Expr.Literal literal) {
            return literal.text().codePoints().allMatch(GbnfCheck::writable);
        }
        if (expr instanceof Expr.CharClass charClass) {
            return hasWritable(charClass);
        }
        if (expr instanceof Expr.Ref ref) {
            return productive.contains(ref.rule());
        }
        if (expr instanceof Expr.Sequence sequence) {
            return sequence.items().stream().allMatch(this::productive);
        }
        if (expr instanceof Expr.Alternation alternation) {
            return alternation.alternatives().stream().anyMatch(this::productive);
        }
        if (expr instanceof Expr.Repeat repeat) {
            return repeat.min() == 0 || productive(repeat.item());
        }
        return true;
    }

    private boolean nullable(Expr expr) {
        if (expr instanceof Expr.Literal literal) {
            return literal.text().isEmpty();
        }
        if (expr instanceof Expr.Ref ref) {
            return nullable.contains(ref.rule());
        }
        if (expr instanceof Expr.Sequence sequence) {
            return sequence.items().stream().allMatch(this::nullable);
        }
        if (expr instanceof Expr.Alternation alternation) {
            return alternation.alternatives().stream().anyMatch(this::nullable);
        }
        if (expr instanceof Expr.Repeat repeat) {
            return repeat.min() == 0 || nullable(repeat.item());
        }
        return false;
    }

    /** Every alternative the model may enter must lead to an end: a dead branch is a state with no token to take. */
    private void allProductive(String rule, Expr expr) {
        if (!productive(expr)) {
            throw new GrammarException("rule " + rule, "a part of it matches no string a model can write");
        }
        if (expr instanceof Expr.Sequence sequence) {
            sequence.items().forEach(item -> allProductive(rule, item));
        } else if (expr instanceof Expr.Alternation alternation) {
            alternation.alternatives().forEach(alternative -> allProductive(rule, alternative));
        } else if (expr instanceof Expr.Repeat repeat) {
            allProductive(rule, repeat.item());
        }
    }

    private Set<String> reachable() {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(Grammar.ROOT));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (seen.add(name)) {
                refs(grammar.rules().get(name), false, todo::push);
            }
        }
        return seen;
    }

    /**
     * A rule that can reach itself without consuming a character is left-recursive; so is an open-ended repetition
     * of something that can be empty, which llama.cpp expands into such a rule.
     */
    private void noLeftRecursion(Set<String> reachable) {
        Map<String, Set<String>> leftEdges = new HashMap<>();
        for (String name : reachable) {
            Set<String> edges = new HashSet<>();
            refs(grammar.rules().get(name), true, edges::add);
            emptyLoops(name, grammar.rules().get(name));
            leftEdges.put(name, edges);
        }
        Map<String, Integer> state = new HashMap<>();
        for (String start : reachable) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<Map.Entry<String, java.util.Iterator<String>>> path = new ArrayDeque<>();
            state.put(start, 1);
            path.push(Map.entry(start, leftEdges.get(start).iterator()));
            while (!path.isEmpty()) {
                var top = path.peek();
                if (!top.getValue().hasNext()) {
                    state.put(top.getKey(), 2);
                    path.pop();
                    continue;
                }
                String next = top.getValue().next();
                Integer seen = state.get(next);
                if (seen != null && seen == 1) {
                    throw new GrammarException("rule " + next, "it is left-recursive: it can reach itself without"
                            + " matching a character");
                }
                if (seen == null) {
                    state.put(next, 1);
                    path.push(Map.entry(next, leftEdges.get(next).iterator()));
                }
            }
        }
    }

    private void emptyLoops(String rule, Expr expr) {
        if (expr instanceof Expr.Repeat repeat) {
            if (repeat.max() == Expr.Repeat.UNBOUNDED && nullable(repeat.item())) {
                throw new GrammarException("rule " + rule, "it repeats without limit something that can be empty");
            }
            emptyLoops(rule, repeat.item());
        } else if (expr instanceof Expr.Sequence sequence) {
            sequence.items().forEach(item -> emptyLoops(rule, item));
        } else if (expr instanceof Expr.Alternation alternation) {
            alternation.alternatives().forEach(alternative -> emptyLoops(rule, alternative));
        }
    }

    /** The rules {@code expr} refers to; with {@code leftEdge}, only those it may start with. */
    private void refs(Expr expr, boolean leftEdge, java.util.function.Consumer<String> found) {
        if (expr instanceof Expr.Ref ref) {
            found.accept(ref.rule());
        } else if (expr instanceof Expr.Sequence sequence) {
            for (Expr item : sequence.items()) {
                refs(item, leftEdge, found);
                if (leftEdge && !nullable(item)) {
                    return;
                }
            }
        } else if (expr instanceof Expr.Alternation alternation) {
            alternation.alternatives().forEach(alternative -> refs(alternative, leftEdge, found));
        } else if (expr instanceof Expr.Repeat repeat && repeat.max() != 0) {
            refs(repeat.item(), leftEdge, found);
        }
    }

    /** Elements as llama.cpp's parser stores them: {@code x{m,n}} becomes n copies of x and n - m new rules. */
    private static long size(Expr expr) {
        if (expr instanceof Expr.Literal literal) {
            return Math.max(1, literal.text().length());
        }
        if (expr instanceof Expr.CharClass charClass) {
            return 1 + charClass.ranges().size();
        }
        if (expr instanceof Expr.Sequence sequence) {
            return sequence.items().stream().mapToLong(GbnfCheck::size).reduce(0, GbnfCheck::add);
        }
        if (expr instanceof Expr.Alternation alternation) {
            return alternation.alternatives().stream().mapToLong(GbnfCheck::size).reduce(0, GbnfCheck::add)
                    + alternation.alternatives().size();
        }
        if (expr instanceof Expr.Repeat repeat) {
            long copies = repeat.max() == Expr.Repeat.UNBOUNDED ? repeat.min() + 1L : Math.max(1, repeat.max());
            long item = size(repeat.item()) + 2;
            return item > Long.MAX_VALUE / 4 / copies ? Long.MAX_VALUE / 4 : copies * item;
        }
        return 1;
    }

    private static long add(long a, long b) {
        return Math.min(Long.MAX_VALUE / 4, a + b);
    }

    private static boolean writable(int codePoint) {
        return codePoint != 0 && (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE);
    }

    /** Whether the class holds a code point other than U+0000 and the surrogates. */
    private static boolean hasWritable(Expr.CharClass charClass) {
        List<Expr.CharRange> ranges = new ArrayList<>(charClass.ranges());
        if (charClass.negated()) {
            ranges.add(new Expr.CharRange(0, 0));
            ranges.add(new Expr.CharRange(Character.MIN_SURROGATE, Character.MAX_SURROGATE));
            ranges.sort(Comparator.comparingInt(Expr.CharRange::first));
            int next = 0;
            for (Expr.CharRange range : ranges) {
                if (range.first() > next) {
                    return true;
                }
                next = Math.max(next, range.last() + 1);
            }
            return next <= Character.MAX_CODE_POINT;
        }
        for (Expr.CharRange range : ranges) {
            long unwritable = overlap(range, 0, 0) + overlap(range, Character.MIN_SURROGATE, Character.MAX_SURROGATE);
            if (unwritable < range.last() - range.first() + 1L) {
                return true;
            }
        }
        return false;
    }

    private static long overlap(Expr.CharRange range, int first, int last) {
        return Math.max(0, Math.min(range.last(), last) - Math.max(range.first(), first) + 1L);
    }
}
