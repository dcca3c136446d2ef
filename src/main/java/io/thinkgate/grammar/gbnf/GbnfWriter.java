package io.thinkgate.grammar.gbnf;

import io.thinkgate.grammar.Expr;
import io.thinkgate.grammar.Grammar;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a grammar as llama.cpp's GBNF text. Everything outside printable ASCII is written as an escape, so the
 * text means the same whatever encoding it passes through.
 */
public final class GbnfWriter {

    static final Pattern RULE_NAME = Pattern.compile("[a-zA-Z0-9-]+");

    private GbnfWriter() {
    }

    public static String write(Grammar grammar) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Expr> rule : grammar.rules().entrySet()) {
            if (!RULE_NAME.matcher(rule.getKey()).matches()) {
                throw new IllegalArgumentException("not a GBNF rule name: " + rule.getKey());
            }
            text.append(rule.getKey()).append(" ::= ");
            alternatives(text, rule.getValue());
            text.append('\n');
        }
        return text.toString();
    }

    private static void alternatives(StringBuilder text, Expr expr) {
        if (expr instanceof Expr.Alternation alternation) {
            for (int i = 0; i < alternation.alternatives().size(); i++) {
                if (i > 0) {
                    text.append(" | ");
                }
                sequence(text, alternation.alternatives().get(i));
            }
        } else {
            sequence(text, expr);
        }
    }

    private static void sequence(StringBuilder text, Expr expr) {
        if (expr instanceof Expr.Sequence sequence && !sequence.items().isEmpty()) {
            for (int i = 0; i < sequence.items().size(); i++) {
                if (i > 0) {
                    text.append(' ');
                }
                item(text, sequence.items().get(i));
            }
        } else {
            item(text, expr);
        }
    }

    private static void item(StringBuilder text, Expr expr) {
        if (expr instanceof Expr.Literal literal) {
            literal(text, literal.text());
        } else if (expr instanceof Expr.CharClass charClass) {
            charClass(text, charClass);
        } else if (expr instanceof Expr.AnyChar) {
            text.append('.');
        } else if (expr instanceof Expr.Ref ref) {
            text.append(ref.rule());
        } else if (expr instanceof Expr.Sequence sequence && sequence.items().isEmpty()) {
            text.append("\"\"");
        } else if (expr instanceof Expr.Repeat repeat) {
            repeat(text, repeat);
        } else {
            text.append('(');
            alternatives(text, expr);
            text.append(')');
        }
    }

    private static void repeat(StringBuilder text, Expr.Repeat repeat) {
        Expr item = repeat.item();
        boolean atom = item instanceof Expr.Literal || item instanceof Expr.CharClass || item instanceof Expr.AnyChar
                || item instanceof Expr.Ref;
        if (atom) {
            item(text, item);
        } else {
            text.append('(');
            alternatives(text, item);
            text.append(')');
        }
        int min = repeat.min();
        int max = repeat.max();
        if (min == 0 && max == Expr.Repeat.UNBOUNDED) {
            text.append('*');
        } else if (min == 1 && max == Expr.Repeat.UNBOUNDED) {
            text.append('+');
        } else if (min == 0 && max == 1) {
            text.append('?');
        } else if (max == Expr.Repeat.UNBOUNDED) {
            text.append('{').append(min).append(",}");
        } else if (min == max) {
            text.append('{').append(min).append('}');
        } else {
            text.append('{').append(min).append(',').append(max).append('}');
        }
    }

    private static void literal(StringBuilder text, String value) {
        text.append('"');
        value.codePoints().forEach(c -> text.append(c == '"' ? "\\\"" : escaped(c)));
        text.append('"');
    }

    private static void charClass(StringBuilder text, Expr.CharClass charClass) {
        text.append('[');
        if (charClass.negated()) {
            text.append('^');
        }
        for (Expr.CharRange range : charClass.ranges()) {
            text.append(classChar(range.first()));
            if (range.last() != range.first()) {
                text.append('-').append(classChar(range.last()));
            }
        }
        text.append(']');
    }

    private static String classChar(int c) {
        return switch (c) {
            case ']' -> "\\]";
            case '[' -> "\\[";
            case '-', '^' -> hex(c);
            default -> escaped(c);
        };
    }

    private static String escaped(int c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : hex(c);
        };
    }

    private static String hex(int c) {
        if (c <= 0xFF) {
            return String.format("\\x%02X", c);
        }
        return c <= 0xFFFF ? String.format("\\u%04X", c) : String.format("\\U%08X", c);
    }
}
