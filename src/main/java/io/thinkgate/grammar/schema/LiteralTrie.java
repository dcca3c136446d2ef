package io.thinkgate.grammar.schema;

import io.thinkgate.grammar.Expr;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A set of fixed strings as a prefix tree, so that a grammar for a long {@code enum} shares every common prefix
 * instead of offering the model thousands of alternatives at each step.
 */
final class LiteralTrie {

    /** Past this many nested choices a subtree becomes a rule of its own, so no expression nests deeply. */
    private static final int MAX_NESTING = 8;

    private final TreeMap<Integer, LiteralTrie> children = new TreeMap<>();
    private boolean terminal;

    private LiteralTrie() {
    }

    /**
     * @param texts at least one string
     * @param asRule makes an expression a rule of the grammar and returns a reference to it
     */
    static Expr of(List<String> texts, UnaryOperator<Expr> asRule) {
        LiteralTrie root = new LiteralTrie();
        for (String text : texts) {
            LiteralTrie node = root;
            for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
                node = node.children.computeIfAbsent(text.codePointAt(i), c -> new LiteralTrie());
            }
            node.terminal = true;
        }
        return root.expr(asRule, 0);
    }

    private Expr expr(UnaryOperator<Expr> asRule, int nesting) {
        if (nesting >= MAX_NESTING) {
            return asRule.apply(expr(asRule, 0));
        }
        List<Expr> alternatives = new ArrayList<>();
        for (var child : children.entrySet()) {
            StringBuilder run = new StringBuilder().appendCodePoint(child.getKey());
            LiteralTrie node = child.getValue();
            while (!node.terminal && node.children.size() == 1) {
                var only = node.children.firstEntry();
                run.appendCodePoint(only.getKey());
                node = only.getValue();
            }
            Expr head = new Expr.Literal(run.toString());
            alternatives.add(node.children.isEmpty() ? head
                    : new Expr.Sequence(List.of(head, node.expr(asRule, nesting + 1))));
        }
        Expr choice = alternatives.size() == 1 ? alternatives.get(0) : new Expr.Alternation(alternatives);
        return terminal ? new Expr.Repeat(choice, 0, 1) : choice;
    }
}
