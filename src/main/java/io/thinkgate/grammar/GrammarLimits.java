package io.thinkgate.grammar;

/**
 * Bounds on the work one request's schema or grammar may cause. Past any of them the request is refused, so a
 * hostile schema costs milliseconds of Java time and never reaches native code.
 *
 * @param maxSchemaNodes JSON values in a schema, counted over the whole tree
 * @param maxSchemaDepth nesting of schemas inside schemas (and of groups inside a pattern)
 * @param maxEnumValues values of one {@code enum}
 * @param maxProperties properties of one object schema
 * @param maxRepetition the largest count in a repetition: {@code minLength}, {@code maxLength}, {@code minItems},
 *     {@code maxItems}, a pattern's {@code {n,m}}, a grammar's {@code {n,m}}
 * @param maxGrammarBytes characters of GBNF text
 * @param maxGrammarElements grammar elements once every repetition is expanded, as llama.cpp's parser does
 */
public record GrammarLimits(int maxSchemaNodes, int maxSchemaDepth, int maxEnumValues, int maxProperties,
        int maxRepetition, int maxGrammarBytes, int maxGrammarElements) {

    public static final GrammarLimits DEFAULT = new GrammarLimits(20_000, 32, 1_000, 256, 1_000, 262_144, 200_000);
}
