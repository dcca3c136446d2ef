package io.thinkgate.grammar.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.grammar.GrammarException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code oneOf} means exactly one alternative matches; a grammar can only offer any of them. The two agree when no
 * value can match two alternatives, which is checked here from what the alternatives say plainly: their types, their
 * constants, or a required property that is a constant with a different value in each (a discriminator).
 */
final class Disjointness {

    private static final int MAX_DEPTH = 4;
    private static final int MAX_ALTERNATIVES = 1_000;

    private Disjointness() {
    }

    /**
     * @param resolve the schema a {@code $ref} value points at
     * @throws GrammarException when two alternatives may overlap
     */
    static void check(JsonNode alternatives, UnaryOperator<JsonNode> resolve, String path) {
        if (alternatives.size() > MAX_ALTERNATIVES) {
            throw new GrammarException(path, "'oneOf' has " + alternatives.size() + " alternatives; at most "
                    + MAX_ALTERNATIVES + " are accepted");
        }
        for (int j = 1; j < alternatives.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (!disjoint(alternatives.get(i), alternatives.get(j), resolve, 0)) {
                    throw new GrammarException(path + "/" + j, "alternatives " + i + " and " + j
                            + " may both match a value, so 'oneOf' cannot be enforced; use 'anyOf', or make them"
                            + " differ in type or in a required constant property");
                }
            }
        }
    }

    private static boolean disjoint(JsonNode a, JsonNode b, UnaryOperator<JsonNode> resolve, int depth) {
        a = resolved(a, resolve);
        b = resolved(b, resolve);
        if (depth > MAX_DEPTH || !a.isObject() || !b.isObject()) {
            return false;
        }
        List<JsonNode> valuesA = values(a);
        List<JsonNode> valuesB = values(b);
        if (valuesA != null && valuesB != null) {
            return valuesA.stream().noneMatch(valuesB::contains);
        }
        Set<String> typesA = types(a, valuesA);
        Set<String> typesB = types(b, valuesB);
        if (typesA != null && typesB != null && typesA.stream().noneMatch(t -> typesB.stream()
                .anyMatch(u -> overlap(t, u)))) {
            return true;
        }
        if (Set.of("object").equals(typesA) && Set.of("object").equals(typesB)) {
            Set<String> required = requiredNames(a);
            required.retainAll(requiredNames(b));
            for (String name : required) {
                JsonNode propertyA = a.path("properties").get(name);
                JsonNode propertyB = b.path("properties").get(name);
                if (propertyA != null && propertyB != null && disjoint(propertyA, propertyB, resolve, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode resolved(JsonNode schema, UnaryOperator<JsonNode> resolve) {
        for (int i = 0; i < MAX_DEPTH && schema.isObject() && schema.has("$ref"); i++) {
            schema = resolve.apply(schema.get("$ref"));
        }
        return schema;
    }

    /** The only values the schema allows, or null when it is not a list of constants. */
    private static List<JsonNode> values(JsonNode schema) {
        if (schema.has("const")) {
            return List.of(schema.get("const"));
        }
        if (schema.path("enum").isArray()) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return values;
        }
        return null;
    }

    /** The types the schema's values can have, or null when it does not say. */
    private static Set<String> types(JsonNode schema, List<JsonNode> values) {
        Set<String> types = new HashSet<>();
        if (values != null) {
            values.forEach(value -> types.add(JsonSchemaGrammar.typeOf(value)));
            return types;
        }
        if (schema.has("anyOf") || schema.has("oneOf") || schema.has("allOf")) {
            return null;
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            return null;
        }
        (type.isArray() ? type : List.of(type)).forEach(each -> types.add(each.asText()));
        return types;
    }

    private static boolean overlap(String a, String b) {
        return a.equals(b) || Set.of(a, b).equals(Set.of("integer", "number"));
    }

    private static Set<String> requiredNames(JsonNode schema) {
        Set<String> names = new HashSet<>();
        Iterator<JsonNode> required = schema.path("required").elements();
        required.forEachRemaining(name -> names.add(name.asText()));
        return names;
    }
}
