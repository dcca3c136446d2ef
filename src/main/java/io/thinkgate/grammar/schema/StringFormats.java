package io.thinkgate.grammar.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.grammar.Expr;

import java.util.List;
import java.util.Set;

/**
 * The string formats that become grammars: RFC 3339's {@code date}, {@code time} and {@code date-time}, and
 * {@code uuid}. Dates are real calendar dates (no February 29, so no year needs checking); times have an offset, as
 * RFC 3339 requires, of at most 18 hours (what java.time and validators accept). Other formats are annotations,
 * as JSON Schema 2020-12 has them by default.
 */
final class StringFormats {

    private static final Set<String> SUPPORTED = Set.of("date", "time", "date-time", "uuid");

    private StringFormats() {
    }

    static boolean supports(JsonNode format) {
        return format.isTextual() && SUPPORTED.contains(format.textValue());
    }

    static Expr of(String format) {
        return switch (format) {
            case "date" -> date();
            case "time" -> time();
            case "date-time" -> sequence(date(), literal("T"), time());
            default -> uuid();
        };
    }

    private static Expr date() {
        Expr thirtyOne = sequence(alternation(sequence(literal("0"), digits("13578")), literal("10"),
                literal("12")), literal("-"), alternation(sequence(literal("0"), range('1', '9')),
                sequence(range('1', '2'), range('0', '9')), sequence(literal("3"), range('0', '1'))));
        Expr thirty = sequence(alternation(sequence(literal("0"), digits("469")), literal("11")), literal("-"),
                alternation(sequence(literal("0"), range('1', '9')), sequence(range('1', '2'), range('0', '9')),
                        literal("30")));
        Expr february = sequence(literal("02-"), alternation(sequence(literal("0"), range('1', '9')),
                sequence(literal("1"), range('0', '9')), sequence(literal("2"), range('0', '8'))));
        return sequence(new Expr.Repeat(range('0', '9'), 4, 4), literal("-"),
                alternation(thirtyOne, thirty, february));
    }

    private static Expr time() {
        Expr hour = alternation(sequence(range('0', '1'), range('0', '9')), sequence(literal("2"), range('0', '3')));
        Expr sixty = sequence(range('0', '5'), range('0', '9'));
        Expr offsetHour = alternation(sequence(literal("0"), range('0', '9')), sequence(literal("1"), range('0', '7')));
        Expr offset = alternation(literal("Z"), sequence(digits("+-"), alternation(
                sequence(offsetHour, literal(":"), sixty), literal("18:00"))));
        return sequence(hour, literal(":"), sixty, literal(":"), sixty,
                new Expr.Repeat(sequence(literal("."), new Expr.Repeat(range('0', '9'), 1, 9)), 0, 1), offset);
    }

    private static Expr uuid() {
        Expr hex = new Expr.CharClass(false, List.of(new Expr.CharRange('0', '9'), new Expr.CharRange('a', 'f')));
        return sequence(new Expr.Repeat(hex, 8, 8), literal("-"), new Expr.Repeat(hex, 4, 4), literal("-"),
                new Expr.Repeat(hex, 4, 4), literal("-"), new Expr.Repeat(hex, 4, 4), literal("-"),
                new Expr.Repeat(hex, 12, 12));
    }

    private static Expr literal(String text) {
        return new Expr.Literal(text);
    }

    private static Expr sequence(Expr... items) {
        return new Expr.Sequence(List.of(items));
    }

    private static Expr alternation(Expr... alternatives) {
        return new Expr.Alternation(List.of(alternatives));
    }

    private static Expr range(char first, char last) {
        return new Expr.CharClass(false, List.of(new Expr.CharRange(first, last)));
    }

    private static Expr digits(String chars) {
        return new Expr.CharClass(false, chars.chars().mapToObj(c -> new Expr.CharRange(c, c)).toList());
    }
}
