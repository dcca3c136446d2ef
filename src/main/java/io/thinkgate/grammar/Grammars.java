package io.thinkgate.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.grammar.gbnf.GbnfCheck;
import io.thinkgate.grammar.gbnf.GbnfParser;
import io.thinkgate.grammar.gbnf.GbnfWriter;
import io.thinkgate.grammar.schema.JsonSchemaGrammar;

/**
 * The GBNF text that reaches llama.cpp, from a JSON schema or from a client's grammar. Whatever comes out has been
 * checked in Java (it parses, every rule is defined and productive, no left recursion, its expanded size is within
 * the limits); whatever cannot be made safe is a {@link GrammarException}.
 */
public final class Grammars {

    private final GrammarLimits limits;

    public Grammars(GrammarLimits limits) {
        this.limits = limits;
    }

    public String fromJsonSchema(JsonNode schema) {
        return checked(JsonSchemaGrammar.compile(schema, limits));
    }

    /** A client's GBNF text, re-written from its parsed form so that llama.cpp sees exactly what was checked. */
    public String fromGbnf(String text) {
        if (text.length() > limits.maxGrammarBytes()) {
            throw new GrammarException("grammar", "the grammar has " + text.length()
                    + " characters; at most " + limits.maxGrammarBytes() + " are accepted");
        }
        return checked(GbnfParser.parse(text));
    }

    private String checked(Grammar grammar) {
        GbnfCheck.check(grammar, limits);
        String text = GbnfWriter.write(grammar);
        if (text.length() > limits.maxGrammarBytes()) {
            throw new GrammarException("grammar", "the grammar would have " + text.length()
                    + " characters; at most " + limits.maxGrammarBytes() + " are accepted");
        }
        return text;
    }
}
