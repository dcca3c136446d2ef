package io.thinkgate.grammar.schema;

import io.thinkgate.grammar.Expr;

import java.util.List;
import java.util.Map;

/**
 * The rules every schema grammar is built from, as in llama.cpp's converter: JSON values followed by a little optional
 * whitespace. Whitespace is bounded so that a model cannot pad a reply forever.
 */
enum Primitive {
    SPACE("space"),
    CHAR("char"),
    STRING("string"),
    BOOLEAN("boolean"),
    NULL("null"),
    INTEGRAL_PART("integral-part"),
    DECIMAL_PART("decimal-part"),
    NUMBER("number"),
    VALUE("value"),
    OBJECT("object"),
    ARRAY("array");

    private static final int MAX_INDENT = 20;
    private static final int MAX_DIGITS = 16;

    private final String rule;

    Primitive(String rule) {
        this.rule = rule;
    }

    String rule() {
        return rule;
    }

    static boolean isName(String name) {
        for (Primitive primitive : values()) {
            if (primitive.rule.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Adds this rule and every rule it refers to, unless they are there already. */
    void define(Map<String, Expr> rules) {
        if (rules.containsKey(rule)) {
            return;
        }
        rules.put(rule, expr());
        for (Primitive dependency : dependencies()) {
            dependency.define(rules);
        }
    }

    private List<Primitive> dependencies() {
        return switch (this) {
            case SPACE, CHAR, INTEGRAL_PART, DECIMAL_PART -> List.of();
            case STRING -> List.of(CHAR, SPACE);
            case BOOLEAN, NULL -> List.of(SPACE);
            case NUMBER -> List.of(INTEGRAL_PART, DECIMAL_PART, SPACE);
            case VALUE -> List.of(OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL);
            case OBJECT -> List.of(SPACE, STRING, VALUE);
            case ARRAY -> List.of(SPACE, VALUE);
        };
    }

    private Expr expr() {
        return switch (this) {
            case SPACE -> new Expr.Repeat(new Expr.Alternation(List.of(literal(" "), sequence(literal("\n"),
                    new Expr.Repeat(chars(' ', ' ', '\t', '\t'), 0, MAX_INDENT)))), 0, 1);
            case CHAR -> new Expr.Alternation(List.of(
                    new Expr.CharClass(true, List.of(range(0, 0x1F), range('"', '"'), range('\\', '\\'),
                            range(0x7F, 0x7F))),
                    sequence(literal("\\"), new Expr.Alternation(List.of(
                            new Expr.CharClass(false, List.of(range('"', '"'), range('/', '/'), range('\\', '\\'),
                                    range('b', 'b'), range('f', 'f'), range('n', 'n'), range('r', 'r'),
                                    range('t', 't'))),
                            sequence(literal("u"), unicodeEscape()))))));
            case STRING -> sequence(literal("\""), new Expr.Repeat(ref(CHAR), 0, Expr.Repeat.UNBOUNDED),
                    literal("\""), ref(SPACE));
            case BOOLEAN -> sequence(new Expr.Alternation(List.of(literal("true"), literal("false"))), ref(SPACE));
            case NULL -> sequence(literal("null"), ref(SPACE));
            case INTEGRAL_PART -> new Expr.Alternation(List.of(literal("0"),
                    sequence(chars('1', '9'), new Expr.Repeat(digit(), 0, MAX_DIGITS - 1))));
            case DECIMAL_PART -> new Expr.Repeat(digit(), 1, MAX_DIGITS);
            case NUMBER -> sequence(new Expr.Repeat(literal("-"), 0, 1), ref(INTEGRAL_PART),
                    new Expr.Repeat(sequence(literal("."), ref(DECIMAL_PART)), 0, 1),
                    new Expr.Repeat(sequence(chars('e', 'e', 'E', 'E'), new Expr.Repeat(chars('+', '+', '-', '-'),
                            0, 1), ref(INTEGRAL_PART)), 0, 1),
                    ref(SPACE));
            case VALUE -> new Expr.Alternation(List.of(ref(OBJECT), ref(ARRAY), ref(STRING), ref(NUMBER),
                    ref(BOOLEAN), ref(NULL)));
            case OBJECT -> {
                Expr member = sequence(ref(STRING), literal(":"), ref(SPACE), ref(VALUE));
                yield sequence(literal("{"), ref(SPACE), new Expr.Repeat(sequence(member, new Expr.Repeat(
                        sequence(literal(","), ref(SPACE), member), 0, Expr.Repeat.UNBOUNDED)), 0, 1),
                        literal("}"), ref(SPACE));
            }
            case ARRAY -> sequence(literal("["), ref(SPACE), new Expr.Repeat(sequence(ref(VALUE), new Expr.Repeat(
                    sequence(literal(","), ref(SPACE), ref(VALUE)), 0, Expr.Repeat.UNBOUNDED)), 0, 1),
                    literal("]"), ref(SPACE));
        };
    }

    /** Four hex digits that are not a surrogate, so that every escape is one character of the string. */
    private static Expr unicodeEscape() {
        Expr hex = new Expr.CharClass(false, List.of(range('0', '9'), range('A', 'F'), range('a', 'f')));
        return new Expr.Alternation(List.of(
                sequence(new Expr.CharClass(false, List.of(range('0', '9'), range('A', 'C'), range('E', 'F'),
                        range('a', 'c'), range('e', 'f'))), new Expr.Repeat(hex, 3, 3)),
                sequence(chars('D', 'D', 'd', 'd'), chars('0', '7'), new Expr.Repeat(hex, 2, 2))));
    }

    private Expr ref(Primitive primitive) {
        return new Expr.Ref(primitive.rule);
    }

    private static Expr digit() {
        return chars('0', '9');
    }

    private static Expr literal(String text) {
        return new Expr.Literal(text);
    }

    private static Expr sequence(Expr... items) {
        return new Expr.Sequence(List.of(items));
    }

    private static Expr.CharRange range(int first, int last) {
        return new Expr.CharRange(first, last);
    }

    /** A class of the ranges given as first, last pairs. */
    private static Expr chars(int... bounds) {
        Expr.CharRange[] ranges = new Expr.CharRange[bounds.length / 2];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = range(bounds[2 * i], bounds[2 * i + 1]);
        }
        return new Expr.CharClass(false, List.of(ranges));
    }
}
