package io.thinkgate.grammar.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.grammar.Expr;
import io.thinkgate.grammar.GrammarException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * An integer schema's bounds, from {@code minimum}, {@code maximum} and their exclusive forms (numbers, or in draft 4
 * booleans), and the grammar of exactly the integers between them; null is no bound.
 */
record IntegerRange(BigInteger low, BigInteger high) {

    /** Integers without bounds get at most this many digits, as in llama.cpp's converter. */
    private static final int INTEGER_DIGITS = 16;
    private static final int MAX_BOUND_DIGITS = 40;

    static IntegerRange of(JsonNode node, String path) {
        BigInteger low = bound(node, "minimum", "exclusiveMinimum", path, RoundingMode.CEILING, BigInteger.ONE);
        BigInteger high = bound(node, "maximum", "exclusiveMaximum", path, RoundingMode.FLOOR,
                BigInteger.ONE.negate());
        if (low != null && high != null && low.compareTo(high) > 0) {
            throw new GrammarException(path, "no integer lies between the lower bound " + low
                    + " and the upper bound " + high);
        }
        return new IntegerRange(low, high);
    }

    private static BigInteger bound(JsonNode node, String inclusive, String exclusive, String path,
            RoundingMode rounding, BigInteger step) {
        BigInteger result = null;
        JsonNode exclusiveNode = node.get(exclusive);
        boolean draft4 = exclusiveNode != null && exclusiveNode.isBoolean();
        if (node.has(inclusive)) {
            BigDecimal value = number(node.get(inclusive), path + "/" + inclusive);
            result = value.setScale(0, rounding).toBigIntegerExact();
            if (draft4 && exclusiveNode.booleanValue() && value.stripTrailingZeros().scale() <= 0) {
                result = result.add(step);
            }
        }
        if (exclusiveNode != null && !draft4) {
            BigDecimal value = number(exclusiveNode, path + "/" + exclusive);
            BigInteger candidate = value.setScale(0, rounding).toBigIntegerExact();
            if (value.stripTrailingZeros().scale() <= 0) {
                candidate = candidate.add(step);
            }
            result = result == null || (step.signum() > 0 ? candidate.compareTo(result) > 0
                    : candidate.compareTo(result) < 0) ? candidate : result;
        }
        return result;
    }

    private static BigDecimal number(JsonNode value, String path) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new GrammarException(path, "a bound must be a number within the range of a double");
        }
        BigDecimal decimal = value.decimalValue();
        if (decimal.precision() - decimal.scale() > MAX_BOUND_DIGITS || decimal.scale() > MAX_BOUND_DIGITS) {
            throw new GrammarException(path, "a bound may have at most " + MAX_BOUND_DIGITS + " digits");
        }
        return decimal;
    }

    Expr expr(Expr space) {
        List<Expr> alternatives = new ArrayList<>();
        if (low == null || low.signum() < 0) {
            BigInteger nearest = high == null || high.signum() >= 0 ? BigInteger.ONE : high.negate();
            alternatives.add(new Expr.Sequence(List.of(new Expr.Literal("-"),
                    DigitRanges.positive(nearest, low == null ? null : low.negate(), INTEGER_DIGITS))));
        }
        if ((low == null || low.signum() <= 0) && (high == null || high.signum() >= 0)) {
            alternatives.add(new Expr.Literal("0"));
        }
        if (high == null || high.signum() > 0) {
            BigInteger from = low == null || low.signum() <= 0 ? BigInteger.ONE : low;
            alternatives.add(DigitRanges.positive(from, high, INTEGER_DIGITS));
        }
        Expr value = alternatives.size() == 1 ? alternatives.get(0) : new Expr.Alternation(alternatives);
        return new Expr.Sequence(List.of(value, space));
    }
}
