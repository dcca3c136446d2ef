package io.thinkgate.grammar.schema;

import io.thinkgate.grammar.Expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Grammars for the decimal numerals, without leading zeros, of the integers in a range. */
final class DigitRanges {

    private DigitRanges() {
    }

    /**
     * The numerals of {@code from} (at least 1) to {@code to}; with no {@code to}, of every integer from
     * {@code from} that has at most {@code maxDigits} digits (or as many as {@code from} has, if that is more).
     */
    static Expr positive(BigInteger from, BigInteger to, int maxDigits) {
        String low = from.toString();
        String high = to == null ? "9".repeat(Math.max(maxDigits, low.length())) : to.toString();
        List<Expr> alternatives = new ArrayList<>();
        for (int length = low.length(); length <= high.length(); length++) {
            String first = length == low.length() ? low : "1" + "0".repeat(length - 1);
            String last = length == high.length() ? high : "9".repeat(length);
            alternatives.add(sameLength(first, last));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Expr.Alternation(alternatives);
    }

    /** The numerals from {@code low} to {@code high}, both of the same length. */
    private static Expr sameLength(String low, String high) {
        int shared = 0;
        while (shared < low.length() && low.charAt(shared) == high.charAt(shared)) {
            shared++;
        }
        if (shared == low.length()) {
            return new Expr.Literal(low);
        }
        String lowRest = low.substring(shared + 1);
        String highRest = high.substring(shared + 1);
        int rest = lowRest.length();
        char lowDigit = low.charAt(shared);
        char highDigit = high.charAt(shared);
        List<Expr> alternatives = new ArrayList<>();
        if (lowRest.equals("0".repeat(rest)) && highRest.equals("9".repeat(rest))) {
            alternatives.add(withTail(digits(lowDigit, highDigit), rest));
        } else {
            char middleLow = lowDigit;
            char middleHigh = highDigit;
            if (!lowRest.equals("0".repeat(rest))) {
                alternatives.add(prefixed(String.valueOf(lowDigit), sameLength(lowRest, "9".repeat(rest))));
                middleLow++;
            }
            if (!highRest.equals("9".repeat(rest))) {
                middleHigh--;
            }
            if (middleLow <= middleHigh) {
                alternatives.add(withTail(digits(middleLow, middleHigh), rest));
            }
            if (!highRest.equals("9".repeat(rest))) {
                alternatives.add(prefixed(String.valueOf(highDigit), sameLength("0".repeat(rest), highRest)));
            }
        }
        Expr varying = alternatives.size() == 1 ? alternatives.get(0) : new Expr.Alternation(alternatives);
        return shared == 0 ? varying : prefixed(low.substring(0, shared), varying);
    }

    private static Expr prefixed(String prefix, Expr rest) {
        return new Expr.Sequence(List.of(new Expr.Literal(prefix), rest));
    }

    private static Expr withTail(Expr head, int digits) {
        if (digits == 0) {
            return head;
        }
        return new Expr.Sequence(List.of(head, new Expr.Repeat(digits('0', '9'), digits, digits)));
    }

    private static Expr digits(char first, char last) {
        return new Expr.CharClass(false, List.of(new Expr.CharRange(first, last)));
    }
}
