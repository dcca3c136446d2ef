package io.thinkgate.grammar;

import java.util.List;

/**
 * One expression of a GBNF grammar (llama.cpp's grammar language), as a tree. Characters are Unicode code points.
 */
public sealed interface Expr {

    /** A fixed string. The empty literal matches the empty string. */
    record Literal(String text) implements Expr {
    }

    /** {@code [a-z0-9_]} or, negated, {@code [^"\\]}: one code point in (or not in) the ranges. */
    record CharClass(boolean negated, List<CharRange> ranges) implements Expr {
        public CharClass {
            ranges = List.copyOf(ranges);
        }
    }

    /** An inclusive range of code points; a single character has {@code first == last}. */
    record CharRange(int first, int last) {
    }

    /** {@code .}: any single code point. */
    record AnyChar() implements Expr {
    }

    /** A reference to a named rule. */
    record Ref(String rule) implements Expr {
    }

    /** The items one after the other. */
    record Sequence(List<Expr> items) implements Expr {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** Any one of the alternatives. */
    record Alternation(List<Expr> alternatives) implements Expr {
        public Alternation {
            alternatives = List.copyOf(alternatives);
        }
    }

    /** {@code min} to {@code max} repetitions; {@code max} is {@link #UNBOUNDED} for no upper limit. */
    record Repeat(Expr item, int min, int max) implements Expr {
        public static final int UNBOUNDED = -1;
    }
}
