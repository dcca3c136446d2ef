package io.thinkgate.grammar.regex;

import io.thinkgate.grammar.Expr;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a JSON Schema {@code pattern} (an ECMA-262 regular expression) into a grammar expression for the same
 * strings. Like llama.cpp, the pattern must be anchored ({@code ^…$}): it then describes the whole string. What a
 * grammar cannot express (lookaround, backreferences, word boundaries, flags) or what Unicode property tables would
 * be needed for ({@code \p{…}}) is refused, at its offset in the pattern.
 */
public final class RegexGrammar {

    private static final List<Expr.CharRange> DIGIT = List.of(new Expr.CharRange('0', '9'));
    private static final List<Expr.CharRange> WORD = List.of(new Expr.CharRange('0', '9'),
            new Expr.CharRange('A', 'Z'), new Expr.CharRange('_', '_'), new Expr.CharRange('a', 'z'));
    /** ECMA-262's WhiteSpace and LineTerminator code points. */
    private static final List<Expr.CharRange> SPACE = List.of(new Expr.CharRange('\t', '\r'),
            new Expr.CharRange(' ', ' '), new Expr.CharRange(0xA0, 0xA0), new Expr.CharRange(0x1680, 0x1680),
            new Expr.CharRange(0x2000, 0x200A), new Expr.CharRange(0x2028, 0x2029), new Expr.CharRange(0x202F, 0x202F),
            new Expr.CharRange(0x205F, 0x205F), new Expr.CharRange(0x3000, 0x3000), new Expr.CharRange(0xFEFF, 0xFEFF));
    /** {@code .} matches anything but a line terminator. */
    private static final Expr DOT = new Expr.CharClass(true, List.of(new Expr.CharRange('\n', '\n'),
            new Expr.CharRange('\r', '\r'), new Expr.CharRange(0x2028, 0x2029)));

    private final String pattern;
    private final GrammarLimits limits;
    private final int end;
    private int pos;
    private int depth;

    private RegexGrammar(String pattern, GrammarLimits limits) {
        this.pattern = pattern;
        this.limits = limits;
        this.end = pattern.length() - 1;
        this.pos = 1;
    }

    /**
     * The strings {@code pattern} matches as a whole.
     *
     * @throws GrammarException with location {@code offset N} where the pattern cannot be translated
     */
    public static Expr translate(String pattern, GrammarLimits limits) {
        if (!pattern.startsWith("^") || !pattern.endsWith("$") || pattern.length() < 2 || escapedEnd(pattern)) {
            throw new GrammarException("offset 0", "a pattern must start with '^' and end with '$'");
        }
        RegexGrammar parser = new RegexGrammar(pattern, limits);
        Expr expr = parser.alternatives();
        if (parser.pos != parser.end) {
            throw parser.error(parser.peek() == ')' ? "this ')' has no '('" : "unexpected character");
        }
        return expr;
    }

    /** Whether the final '$' is escaped, so that the pattern does not end with an anchor at all. */
    private static boolean escapedEnd(String pattern) {
        int backslashes = 0;
        for (int i = pattern.length() - 2; i >= 0 && pattern.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private Expr alternatives() {
        List<Expr> alternatives = new ArrayList<>();
        alternatives.add(sequence());
        while (pos < end && peek() == '|') {
            pos++;
            alternatives.add(sequence());
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Expr.Alternation(alternatives);
    }

    private Expr sequence() {
        List<Expr> items = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (pos < end && peek() != '|' && peek() != ')') {
            Expr atom = atom();
            Expr item = quantified(atom);
            if (item instanceof Expr.Literal text) {
                literal.append(text.text());
            } else {
                if (!literal.isEmpty()) {
                    items.add(new Expr.Literal(literal.toString()));
                    literal.setLength(0);
                }
                items.add(item);
            }
        }
        if (!literal.isEmpty()) {
            items.add(new Expr.Literal(literal.toString()));
        }
        return items.size() == 1 ? items.get(0) : new Expr.Sequence(items);
    }

    private Expr atom() {
        int start = pos;
        char c = peek();
        switch (c) {
            case '(' -> {
                return group();
            }
            case '[' -> {
                return charClass();
            }
            case '.' -> {
                pos++;
                return DOT;
            }
            case '\\' -> {
                return escape(false);
            }
            case '^', '$' -> throw error("anchors are only allowed at the very start and end of the pattern");
            case '*', '+', '?', '{' -> {
                if (c != '{' || quantifierAhead()) {
                    throw error("there is nothing to repeat");
                }
            }
            default -> {
            }
        }
        int codePoint = pattern.codePointAt(start);
        pos += Character.charCount(codePoint);
        return new Expr.Literal(new String(Character.toChars(codePoint)));
    }

    private Expr group() {
        int start = pos;
        pos++;
        if (peek() == '?') {
            if (pattern.startsWith("?:", pos)) {
                pos += 2;
            } else if (pattern.startsWith("?<", pos) && pos + 2 < end && pattern.charAt(pos + 2) != '='
                    && pattern.charAt(pos + 2) != '!') {
                int close = pattern.indexOf('>', pos);
                if (close < 0 || close >= end) {
                    throw error("the group name is not closed");
                }
                pos = close + 1;
            } else {
                pos = start;
                throw error(pattern.startsWith("(?=", pos) || pattern.startsWith("(?!", pos)
                        || pattern.startsWith("(?<", pos) ? "lookaround assertions cannot be expressed in a grammar"
                        : "inline flags and other '(?' groups are not supported");
            }
        }
        if (++depth > limits.maxSchemaDepth()) {
            throw error("groups are nested deeper than " + limits.maxSchemaDepth());
        }
        Expr inner = alternatives();
        depth--;
        if (pos >= end || peek() != ')') {
            pos = start;
            throw error("this '(' is not closed");
        }
        pos++;
        return inner instanceof Expr.Literal ? new Expr.Sequence(List.of(inner)) : inner;
    }

    private Expr quantified(Expr atom) {
        if (pos >= end) {
            return atom;
        }
        int start = pos;
        int min;
        int max;
        char c = peek();
        if (c == '*') {
            min = 0;
            max = Expr.Repeat.UNBOUNDED;
            pos++;
        } else if (c == '+') {
            min = 1;
            max = Expr.Repeat.UNBOUNDED;
            pos++;
        } else if (c == '?') {
            min = 0;
            max = 1;
            pos++;
        } else if (c == '{' && quantifierAhead()) {
            pos++;
            min = count();
            max = min;
            if (peek() == ',') {
                pos++;
                max = peek() == '}' ? Expr.Repeat.UNBOUNDED : count();
            }
            pos++;
            if (max != Expr.Repeat.UNBOUNDED && max < min) {
                pos = start;
                throw error("the repetition {" + min + "," + max + "} is out of order");
            }
        } else {
            return atom;
        }
        if (pos < end && peek() == '?') {
            pos++;
        }
        if (pos < end && (peek() == '*' || peek() == '+' || peek() == '?' || (peek() == '{' && quantifierAhead()))) {
            throw error("there is nothing to repeat");
        }
        return new Expr.Repeat(atom instanceof Expr.Literal text && text.text().codePointCount(0, text.text().length())
                > 1 ? new Expr.Sequence(List.of(atom)) : atom, min, max);
    }

    /** Whether a '{' here starts {n}, {n,} or {n,m}; otherwise ECMA reads it as a literal brace. */
    private boolean quantifierAhead() {
        int i = pos + 1;
        int digits = 0;
        while (i < end && Character.isDigit(pattern.charAt(i)) && pattern.charAt(i) < 0x80) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (i < end && pattern.charAt(i) == ',') {
            i++;
            while (i < end && Character.isDigit(pattern.charAt(i)) && pattern.charAt(i) < 0x80) {
                i++;
            }
        }
        return i < end && pattern.charAt(i) == '}';
    }

    private int count() {
        int start = pos;
        while (Character.isDigit(peek()) && peek() < 0x80) {
            pos++;
        }
        String digits = pattern.substring(start, pos);
        if (digits.length() > 9 || Integer.parseInt(digits) > limits.maxRepetition()) {
            pos = start;
            throw error("the repetition count " + (digits.length() > 12 ? digits.substring(0, 12) + "…" : digits)
                    + " is above " + limits.maxRepetition());
        }
        return Integer.parseInt(digits);
    }

    private Expr charClass() {
        int start = pos;
        pos++;
        boolean negated = peek() == '^';
        if (negated) {
            pos++;
        }
        List<Expr.CharRange> ranges = new ArrayList<>();
        while (pos < end && peek() != ']') {
            Expr first = classAtom();
            if (peek() == '-' && pos + 1 < end && pattern.charAt(pos + 1) != ']' && first instanceof Expr.Literal low) {
                int dash = pos;
                pos++;
                Expr second = classAtom();
                if (!(second instanceof Expr.Literal high)) {
                    pos = dash;
                    throw error("a class escape cannot end a range");
                }
                int from = low.text().codePointAt(0);
                int to = high.text().codePointAt(0);
                if (from > to) {
                    pos = dash;
                    throw error("the range is out of order");
                }
                ranges.add(new Expr.CharRange(from, to));
            } else if (first instanceof Expr.Literal single) {
                int codePoint = single.text().codePointAt(0);
                ranges.add(new Expr.CharRange(codePoint, codePoint));
            } else {
                Expr.CharClass escape = (Expr.CharClass) first;
                ranges.addAll(escape.negated() ? complement(escape.ranges()) : escape.ranges());
            }
        }
        if (pos >= end) {
            pos = start;
            throw error("this '[' is not closed");
        }
        pos++;
        return new Expr.CharClass(negated, ranges);
    }

    private Expr classAtom() {
        if (peek() == '\\') {
            return escape(true);
        }
        int codePoint = pattern.codePointAt(pos);
        pos += Character.charCount(codePoint);
        return new Expr.Literal(new String(Character.toChars(codePoint)));
    }

    /** An escape: a character (as a one-character literal) or a class escape (as a class). */
    private Expr escape(boolean inClass) {
        int start = pos;
        pos++;
        if (pos >= end) {
            pos = start;
            throw error("the pattern ends inside an escape");
        }
        char e = pattern.charAt(pos++);
        switch (e) {
            case 'd', 'D' -> {
                return new Expr.CharClass(e == 'D', DIGIT);
            }
            case 'w', 'W' -> {
                return new Expr.CharClass(e == 'W', WORD);
            }
            case 's', 'S' -> {
                return new Expr.CharClass(e == 'S', SPACE);
            }
            case 'n' -> {
                return literal('\n');
            }
            case 'r' -> {
                return literal('\r');
            }
            case 't' -> {
                return literal('\t');
            }
            case 'f' -> {
                return literal('\f');
            }
            case 'v' -> {
                return literal(0x0B);
            }
            case 'x' -> {
                return literal(hex(2, start));
            }
            case 'u' -> {
                if (peek() == '{') {
                    pos = start;
                    throw error("'\\u{…}' needs the 'u' flag, which JSON Schema patterns do not have");
                }
                return literal(hex(4, start));
            }
            case 'b' -> {
                if (inClass) {
                    return literal('\b');
                }
                pos = start;
                throw error("word boundaries cannot be expressed in a grammar");
            }
            case 'B' -> {
                pos = start;
                throw error("word boundaries cannot be expressed in a grammar");
            }
            case 'p', 'P' -> {
                pos = start;
                throw error("Unicode property escapes ('\\p{…}') are not supported");
            }
            case 'k' -> {
                pos = start;
                throw error("backreferences cannot be expressed in a grammar");
            }
            case 'c' -> {
                pos = start;
                throw error("control escapes ('\\cX') are not supported");
            }
            case '0' -> {
                if (Character.isDigit(peek())) {
                    pos = start;
                    throw error("octal escapes are not supported");
                }
                return literal(0);
            }
            default -> {
                if (e >= '1' && e <= '9') {
                    pos = start;
                    throw error("backreferences cannot be expressed in a grammar");
                }
                if (Character.isLetterOrDigit(e)) {
                    pos = start;
                    throw error("unknown escape '\\" + e + "'");
                }
                pos = start + 1;
                int codePoint = pattern.codePointAt(pos);
                pos += Character.charCount(codePoint);
                return literal(codePoint);
            }
        }
    }

    private int hex(int digits, int start) {
        if (pos + digits > end || !pattern.substring(pos, pos + digits).chars()
                .allMatch(c -> c < 0x80 && Character.digit(c, 16) >= 0)) {
            pos = start;
            throw error("expected " + digits + " hex digits after the escape");
        }
        int value = Integer.parseInt(pattern.substring(pos, pos + digits), 16);
        pos += digits;
        return value;
    }

    private static Expr literal(int codePoint) {
        return new Expr.Literal(new String(Character.toChars(codePoint)));
    }

    private static List<Expr.CharRange> complement(List<Expr.CharRange> ranges) {
        List<Expr.CharRange> sorted = new ArrayList<>(ranges);
        sorted.sort(java.util.Comparator.comparingInt(Expr.CharRange::first));
        List<Expr.CharRange> result = new ArrayList<>();
        int next = 0;
        for (Expr.CharRange range : sorted) {
            if (range.first() > next) {
                result.add(new Expr.CharRange(next, range.first() - 1));
            }
            next = Math.max(next, range.last() + 1);
        }
        if (next <= Character.MAX_CODE_POINT) {
            result.add(new Expr.CharRange(next, Character.MAX_CODE_POINT));
        }
        return result;
    }

    private char peek() {
        return pos < pattern.length() ? pattern.charAt(pos) : '\0';
    }

    private GrammarException error(String reason) {
        return new GrammarException("offset " + pos, reason);
    }
}
