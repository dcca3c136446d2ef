package io.thinkgate.grammar.schema;

import io.thinkgate.grammar.Expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a grammar for string contents into one for the same strings as they appear inside JSON quotes: {@code "},
 * {@code \} and control characters must be written as escapes. Each is allowed in one canonical escape.
 */
final class JsonStringEncoding {

    private static final int LAST_CONTROL = 0x1F;
    private static final Expr.CharRange CONTROLS = new Expr.CharRange(0, LAST_CONTROL);
    private static final Expr.CharRange QUOTE = new Expr.CharRange('"', '"');
    private static final Expr.CharRange BACKSLASH = new Expr.CharRange('\\', '\\');

    private JsonStringEncoding() {
    }

    static Expr encode(Expr expr) {
        if (expr instanceof Expr.Literal literal) {
            StringBuilder text = new StringBuilder();
            literal.text().codePoints().forEach(c -> text.append(special(c) ? escape(c) : Character.toString(c)));
            return new Expr.Literal(text.toString());
        }
        if (expr instanceof Expr.CharClass charClass) {
            return charClass(charClass);
        }
        if (expr instanceof Expr.AnyChar) {
            return charClass(new Expr.CharClass(true, List.of()));
        }
        if (expr instanceof Expr.Sequence sequence) {
            return new Expr.Sequence(sequence.items().stream().map(JsonStringEncoding::encode).toList());
        }
        if (expr instanceof Expr.Alternation alternation) {
            return new Expr.Alternation(alternation.alternatives().stream().map(JsonStringEncoding::encode).toList());
        }
        if (expr instanceof Expr.Repeat repeat) {
            return new Expr.Repeat(encode(repeat.item()), repeat.min(), repeat.max());
        }
        throw new IllegalArgumentException("a pattern has no rule references: " + expr);
    }

    private static Expr charClass(Expr.CharClass charClass) {
        List<Expr> alternatives = new ArrayList<>();
        List<Expr.CharRange> plain = new ArrayList<>();
        if (charClass.negated()) {
            plain.addAll(charClass.ranges());
            plain.addAll(List.of(CONTROLS, QUOTE, BACKSLASH));
            alternatives.add(new Expr.CharClass(true, plain));
        } else {
            for (Expr.CharRange range : charClass.ranges()) {
                plain.addAll(withoutSpecials(range));
            }
            if (!plain.isEmpty()) {
                alternatives.add(new Expr.CharClass(false, plain));
            }
        }
        List<Integer> controls = new ArrayList<>();
        for (int c = 0; c <= '\\'; c++) {
            if (special(c) && matches(charClass, c)) {
                if (c <= LAST_CONTROL) {
                    controls.add(c);
                } else {
                    alternatives.add(new Expr.Literal(escape(c)));
                }
            }
        }
        if (controls.size() == LAST_CONTROL + 1) {
            alternatives.add(new Expr.Sequence(List.of(new Expr.Literal("\\u00"), new Expr.CharClass(false,
                    List.of(new Expr.CharRange('0', '1'))), new Expr.CharClass(false, List.of(
                    new Expr.CharRange('0', '9'), new Expr.CharRange('a', 'f'))))));
            "\b\f\n\r\t".chars().forEach(c -> alternatives.add(new Expr.Literal(escape(c))));
        } else {
            controls.forEach(c -> alternatives.add(new Expr.Literal(escape(c))));
        }
        if (alternatives.isEmpty()) {
            return charClass;
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Expr.Alternation(alternatives);
    }

    private static List<Expr.CharRange> withoutSpecials(Expr.CharRange range) {
        List<Expr.CharRange> pieces = new ArrayList<>();
        int start = Math.max(range.first(), LAST_CONTROL + 1);
        for (int cut : new int[] {'"', '\\'}) {
            if (start <= cut && cut <= range.last()) {
                if (start < cut) {
                    pieces.add(new Expr.CharRange(start, cut - 1));
                }
                start = cut + 1;
            }
        }
        if (start <= range.last()) {
            pieces.add(new Expr.CharRange(start, range.last()));
        }
        return pieces;
    }

    private static boolean matches(Expr.CharClass charClass, int c) {
        boolean listed = charClass.ranges().stream().anyMatch(range -> range.first() <= c && c <= range.last());
        return listed != charClass.negated();
    }

    private static boolean special(int c) {
        return c <= LAST_CONTROL || c == '"' || c == '\\';
    }

    private static String escape(int c) {
        return switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> String.format("\\u%04x", c);
        };
    }
}
