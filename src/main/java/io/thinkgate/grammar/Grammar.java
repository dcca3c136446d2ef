package io.thinkgate.grammar;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A GBNF grammar: named rules, in the order they were defined; {@code root} is where matching starts. */
public record Grammar(Map<String, Expr> rules) {

    public static final String ROOT = "root";

    public Grammar {
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }
}
