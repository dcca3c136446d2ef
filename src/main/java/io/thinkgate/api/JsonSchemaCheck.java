package io.thinkgate.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Admits only the JSON schemas that llama.cpp's schema-to-grammar converter can compile. The converter reports a
 * schema it cannot handle by throwing a C++ exception, which aborts the whole JVM across JNI, so every schema is
 * checked here first and refused with a 400 that says where the problem is.
 */
final class JsonSchemaCheck {

    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "object", "array",
            "null");
    /** Keywords that give a schema without a {@code type} a shape the converter recognises. */
    private static final Set<String> SHAPES = Set.of("$ref", "oneOf", "anyOf", "allOf", "const", "enum", "properties",
            "additionalProperties", "items", "prefixItems", "pattern", "format");
    private static final Set<String> COUNTS = Set.of("minItems", "maxItems", "minLength", "maxLength");
    private static final Set<String> BOUNDS = Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");

    private final JsonNode root;
    private final String param;

    private JsonSchemaCheck(JsonNode root, String param) {
        this.root = root;
        this.param = param;
    }

    /** Throws a 400 naming {@code param} if llama.cpp could not compile {@code schema}. */
    static void check(JsonNode schema, String param) {
        new JsonSchemaCheck(schema, param).schema(schema, "#");
    }

    private void schema(JsonNode node, String at) {
        if (!node.isObject()) {
            refuse(at, "a schema must be an object");
        }
        JsonNode type = node.get("type");
        if (type != null) {
            if (type.isArray()) {
                type.forEach(t -> typeName(t, at));
            } else {
                typeName(type, at);
            }
        } else if (!node.isEmpty() && !hasShape(node)) {
            refuse(at, "a schema needs a 'type' or one of " + SHAPES);
        }
        if (node.has("$ref")) {
            ref(node.get("$ref"), at);
        }
        for (String union : new String[] {"oneOf", "anyOf", "allOf", "prefixItems"}) {
            if (node.has(union)) {
                subschemas(node.get(union), at + "/" + union);
            }
        }
        if (node.has("properties")) {
            JsonNode properties = node.get("properties");
            if (!properties.isObject()) {
                refuse(at + "/properties", "'properties' must be an object");
            }
            properties.fields().forEachRemaining(p -> schema(p.getValue(), at + "/properties/" + p.getKey()));
        }
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && !additional.isBoolean()) {
            schema(additional, at + "/additionalProperties");
        }
        JsonNode items = node.get("items");
        if (items != null) {
            if (items.isArray()) {
                subschemas(items, at + "/items");
            } else {
                schema(items, at + "/items");
            }
        }
        if (node.has("required") && !textArray(node.get("required"))) {
            refuse(at + "/required", "'required' must be an array of property names");
        }
        if (node.has("enum") && !node.get("enum").isArray()) {
            refuse(at + "/enum", "'enum' must be an array");
        }
        if (node.has("format") && !node.get("format").isTextual()) {
            refuse(at + "/format", "'format' must be a string");
        }
        if (node.has("pattern")) {
            pattern(node.get("pattern"), at + "/pattern");
        }
        for (String count : COUNTS) {
            JsonNode value = node.get(count);
            if (value != null && !(value.canConvertToInt() && value.isIntegralNumber() && value.asInt() >= 0)) {
                refuse(at + "/" + count, "'" + count + "' must be a non-negative integer");
            }
        }
        for (String bound : BOUNDS) {
            JsonNode value = node.get(bound);
            if (value != null && !(value.isIntegralNumber() && value.canConvertToLong())) {
                refuse(at + "/" + bound, "'" + bound + "' must be an integer (the grammar bounds integers only)");
            }
        }
        JsonNode defs = node.has("$defs") ? node.get("$defs") : node.get("definitions");
        if (defs != null) {
            if (!defs.isObject()) {
                refuse(at + "/$defs", "definitions must be an object");
            }
            defs.fields().forEachRemaining(d -> schema(d.getValue(), at + "/$defs/" + d.getKey()));
        }
    }

    private void typeName(JsonNode type, String at) {
        if (!type.isTextual() || !TYPES.contains(type.asText())) {
            refuse(at + "/type", "'type' must be one of " + TYPES + ", got " + type);
        }
    }

    private void subschemas(JsonNode list, String at) {
        if (!list.isArray()) {
            refuse(at, "must be an array of schemas");
        }
        for (int i = 0; i < list.size(); i++) {
            schema(list.get(i), at + "/" + i);
        }
    }

    /** Only local references are followed, and each must lead somewhere in this schema. */
    private void ref(JsonNode ref, String at) {
        if (!ref.isTextual() || !ref.asText().startsWith("#/")) {
            refuse(at + "/$ref", "only local references ('#/...') are supported, got " + ref);
        }
        if (root.at(ref.asText().substring(1)).isMissingNode()) {
            refuse(at + "/$ref", "the reference " + ref.asText() + " leads nowhere in this schema");
        }
    }

    private void pattern(JsonNode pattern, String at) {
        String text = pattern.isTextual() ? pattern.asText() : "";
        if (text.length() < 2 || !text.startsWith("^") || !text.endsWith("$")) {
            refuse(at, "a pattern must be a regular expression that starts with '^' and ends with '$'");
        }
        try {
            Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            refuse(at, "the pattern is not a valid regular expression: " + e.getDescription());
        }
    }

    private static boolean hasShape(JsonNode node) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (SHAPES.contains(names.next())) {
                return true;
            }
        }
        return false;
    }

    private static boolean textArray(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private void refuse(String at, String problem) {
        throw ApiException.invalid(param, "The JSON schema cannot be turned into a grammar at " + at + ": " + problem);
    }
}
