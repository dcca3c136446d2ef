package io.thinkgate.grammar.regex;

import io.thinkgate.grammar.Expr;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;

/** Translates a JSON Schema {@code pattern} into a grammar expression for the same strings. */
public final class RegexGrammar {

    private RegexGrammar() {
    }

    /**
     * The strings {@code pattern} matches as a whole.
     *
     * @throws GrammarException with location {@code offset N} where the pattern cannot be translated
     */
    public static Expr translate(String pattern, GrammarLimits limits) {
        throw new GrammarException("offset 0", "patterns are not translated yet");
    }
}
