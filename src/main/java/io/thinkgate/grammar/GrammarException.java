package io.thinkgate.grammar;

/**
 * A schema, pattern or grammar that cannot become a grammar llama.cpp can safely run.
 *
 * @see #location()
 */
public final class GrammarException extends RuntimeException {

    private final String location;

    /**
     * @param location where the problem is: a JSON pointer into the schema ({@code #/properties/name/pattern}), an
     *     offset into a pattern ({@code pattern offset 3}), or a rule of a grammar ({@code rule item})
     * @param reason what is wrong there, in the client's terms
     */
    public GrammarException(String location, String reason) {
        super(location + ": " + reason, null, false, false);
        this.location = location;
    }

    public String location() {
        return location;
    }
}
