package io.thinkgate.eval;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a reply is checked against the expected answer, with no judge model: the final answer is read from the reply
 * ({@code \boxed{...}} where there is one, else the last number, letter or line), then compared.
 */
public enum Checker {
    /** The last number of the reply (or its {@code \boxed{}}) equals the answer within 1e-6, relatively. */
    NUMERIC,
    /** The reply's last {@code \boxed{...}} equals the answer: as numbers if both are, else as normalised text. */
    BOXED,
    /** A multiple-choice letter: the reply's last standalone capital A–J equals the answer's. */
    CHOICE,
    /** The reply's last non-empty line (or its {@code \boxed{}}) equals the answer, ignoring case and spaces. */
    EXACT,
    /** The answer is a regular expression the reply must contain a match of. */
    REGEX,
    /** A judge endpoint decides (see {@link Judge}); free-form answers. */
    JUDGE;

    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");
    private static final Pattern CHOICE_LETTER = Pattern.compile("(?<![A-Za-z])([A-J])(?![A-Za-z])");

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Checker parse(String name) {
        for (Checker c : values()) {
            if (c.wireName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown checker '" + name + "': numeric, boxed, choice, exact, regex "
                + "or judge");
    }

    /** Whether the reply's answer is the expected one; {@link #JUDGE} is decided by the judge, not here. */
    public boolean check(String reply, String expected) {
        return switch (this) {
            case NUMERIC -> boxed(reply).or(() -> lastNumber(reply)).flatMap(Checker::number)
                    .flatMap(got -> number(expected).map(want -> close(got, want))).orElse(false);
            case BOXED -> boxed(reply).map(got -> sameAnswer(got, expected)).orElse(false);
            case CHOICE -> lastMatch(CHOICE_LETTER, reply).map(got -> got.equals(expected.strip().toUpperCase(
                    Locale.ROOT))).orElse(false);
            case EXACT -> boxed(reply).or(() -> lastLine(reply)).map(got -> normal(got).equals(normal(expected)))
                    .orElse(false);
            case REGEX -> Pattern.compile(expected).matcher(reply).find();
            case JUDGE -> throw new IllegalStateException("a judge checks this item");
        };
    }

    /** The content of the last {@code \boxed{...}}, braces balanced. */
    static Optional<String> boxed(String reply) {
        int at = reply.lastIndexOf("\\boxed{");
        if (at < 0) {
            return Optional.empty();
        }
        int depth = 0;
        int start = at + "\\boxed{".length();
        for (int i = start; i < reply.length(); i++) {
            char c = reply.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return Optional.of(reply.substring(start, i).strip());
                }
                depth--;
            }
        }
        return Optional.empty();
    }

    static Optional<String> lastNumber(String reply) {
        return lastMatch(NUMBER, reply);
    }

    private static Optional<String> lastMatch(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.groupCount() > 0 ? m.group(1) : m.group();
        }
        return Optional.ofNullable(last);
    }

    private static Optional<String> lastLine(String reply) {
        String[] lines = reply.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? Optional.empty()
                : Optional.of(lines[lines.length - 1]);
    }

    /** A number written with thousands separators, a trailing period, a dollar sign or a percent sign. */
    static Optional<Double> number(String text) {
        String t = text.strip().replace(",", "").replace("$", "").replace("%", "");
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Optional.of(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean close(double got, double want) {
        return Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want));
    }

    private static boolean sameAnswer(String got, String expected) {
        Optional<Double> a = number(got);
        Optional<Double> b = number(expected);
        return a.isPresent() && b.isPresent() ? close(a.get(), b.get()) : normal(got).equals(normal(expected));
    }

    private static String normal(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
