package io.thinkgate.grammar.gbnf;

import io.thinkgate.grammar.Expr;
import io.thinkgate.grammar.Grammar;
import io.thinkgate.grammar.GrammarException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads GBNF text, the grammar language of llama.cpp: {@code name ::= alternatives} rules, literals, character
 * classes, {@code .}, groups, {@code * + ? {m} {m,} {m,n}}, and {@code #} comments. A rule ends at a line end
 * outside parentheses. What it cannot read is a {@link GrammarException} at a line and column.
 */
public final class GbnfParser {

    /** Deeper groups than any real grammar needs; the bound keeps hostile text from exhausting the stack. */
    private static final int MAX_NESTING = 64;

    private final String text;
    private int pos;
    private int nesting;

    private GbnfParser(String text) {
        this.text = text;
    }

    public static Grammar parse(String text) {
        return new GbnfParser(text).grammar();
    }

    private Grammar grammar() {
        Map<String, Expr> rules = new LinkedHashMap<>();
        skipSpace(true);
        while (pos < text.length()) {
            int start = pos;
            String name = name();
            skipSpace(false);
            expect("::=");
            skipSpace(true);
            Expr body = alternatives();
            if (rules.putIfAbsent(name, body) != null) {
                pos = start;
                throw error("the rule '" + name + "' is defined twice");
            }
            if (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                throw error("expected the end of the rule");
            }
            skipSpace(true);
        }
        return new Grammar(rules);
    }

    private Expr alternatives() {
        List<Expr> alternatives = new ArrayList<>();
        alternatives.add(sequence());
        while (peek() == '|') {
            pos++;
            skipSpace(true);
            alternatives.add(sequence());
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Expr.Alternation(alternatives);
    }

    private Expr sequence() {
        List<Expr> items = new ArrayList<>();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '|' || c == ')' || c == '\n' || c == '\r') {
                break;
            }
            items.add(postfix(primary()));
            skipSpace(nesting > 0);
        }
        return items.size() == 1 ? items.get(0) : new Expr.Sequence(items);
    }

    private Expr primary() {
        char c = peek();
        if (c == '"') {
            pos++;
            StringBuilder literal = new StringBuilder();
            while (peek() != '"') {
                if (pos >= text.length() || peek() == '\n') {
                    throw error("the literal is not closed");
                }
                literal.appendCodePoint(character());
            }
            pos++;
            return new Expr.Literal(literal.toString());
        }
        if (c == '[') {
            return charClass();
        }
        if (c == '.') {
            pos++;
            return new Expr.AnyChar();
        }
        if (c == '(') {
            if (++nesting > MAX_NESTING) {
                throw error("groups are nested deeper than " + MAX_NESTING);
            }
            pos++;
            skipSpace(true);
            Expr inner = alternatives();
            expect(")");
            nesting--;
            return inner;
        }
        if (isNameChar(c)) {
            return new Expr.Ref(name());
        }
        throw error(pos >= text.length() ? "the rule ends where an item was expected"
                : "unexpected '" + new String(Character.toChars(text.codePointAt(pos))) + "'");
    }

    private Expr charClass() {
        pos++;
        boolean negated = peek() == '^';
        if (negated) {
            pos++;
        }
        List<Expr.CharRange> ranges = new ArrayList<>();
        while (peek() != ']') {
            if (pos >= text.length()) {
                throw error("the character class is not closed");
            }
            int first = character();
            int last = first;
            if (peek() == '-' && pos + 1 < text.length() && text.charAt(pos + 1) != ']') {
                pos++;
                last = character();
            }
            ranges.add(new Expr.CharRange(first, last));
        }
        pos++;
        return new Expr.CharClass(negated, ranges);
    }

    private Expr postfix(Expr item) {
        Expr result = item;
        while (true) {
            char c = peek();
            if (c == '*') {
                result = new Expr.Repeat(result, 0, Expr.Repeat.UNBOUNDED);
            } else if (c == '+') {
                result = new Expr.Repeat(result, 1, Expr.Repeat.UNBOUNDED);
            } else if (c == '?') {
                result = new Expr.Repeat(result, 0, 1);
            } else if (c == '{') {
                pos++;
                int min = count();
                int max = min;
                if (peek() == ',') {
                    pos++;
                    max = peek() == '}' ? Expr.Repeat.UNBOUNDED : count();
                }
                if (peek() != '}') {
                    throw error("expected '}' to close the repetition");
                }
                result = new Expr.Repeat(result, min, max);
            } else {
                return result;
            }
            pos++;
        }
    }

    private int count() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 0x80) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a repetition count");
        }
        if (pos - start > 9) {
            pos = start;
            throw error("the repetition count is too large");
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    /** One character of a literal or class, escapes resolved. */
    private int character() {
        int c = text.codePointAt(pos);
        pos += Character.charCount(c);
        if (c != '\\') {
            return c;
        }
        if (pos >= text.length()) {
            throw error("the text ends inside an escape");
        }
        char e = text.charAt(pos++);
        return switch (e) {
            case 'x' -> hex(2);
            case 'u' -> hex(4);
            case 'U' -> hex(8);
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'n' -> '\n';
            case '\\', '"', '[', ']' -> e;
            default -> {
                pos -= 2;
                throw error("unknown escape '\\" + e + "'");
            }
        };
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) {
            throw error("expected " + digits + " hex digits");
        }
        String value = text.substring(pos, pos + digits);
        if (!value.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
            throw error("expected " + digits + " hex digits, got '" + value + "'");
        }
        pos += digits;
        long code = Long.parseLong(value, 16);
        if (code > Character.MAX_CODE_POINT) {
            pos -= digits;
            throw error("U+" + value + " is not a Unicode code point");
        }
        return (int) code;
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a rule name (letters, digits and '-')");
        }
        return text.substring(start, pos);
    }

    private void expect(String token) {
        if (!text.startsWith(token, pos)) {
            throw error("expected '" + token + "'");
        }
        pos += token.length();
    }

    /** Spaces, tabs and comments; line ends too where {@code newlines} is true. */
    private void skipSpace(boolean newlines) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
                pos++;
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }

    private GrammarException error(String reason) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new GrammarException("grammar line " + line + " column " + (pos - lineStart + 1), reason);
    }
}
