package io.thinkgate.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Random;

import static io.thinkgate.fuzz.HostileJson.NODES;

/**
 * Random JSON schemas built from every keyword a converter must handle, with values both sane and hostile, and the
 * schemas that once killed the server (llama.cpp's native converter crashed or aborted on them).
 */
final class HostileSchemas {

    /** Each of these ended the JVM, or produced unconstrained output, when llama.cpp's converter compiled it. */
    static final List<String> KNOWN_FATAL = List.of(
            "{\"type\":\"string\",\"pattern\":\"^(?=a)a$\"}",
            "{\"type\":\"string\",\"pattern\":\"^(?:ab)+$\"}",
            "{\"type\":\"string\",\"pattern\":\"^\\\\p{L}+$\"}",
            "{\"additionalProperties\":true}",
            "{\"anyOf\":[{\"type\":\"string\"}],\"$ref\":\"#/anyOf/0\"}",
            "{\"type\":\"integer\",\"minimum\":5,\"maximum\":1}",
            "{\"type\":[]}",
            "{\"oneOf\":[]}",
            "{\"$ref\":\"#\"}",
            "{\"type\":\"string\",\"pattern\":\"^\\\\$\"}",
            "{\"type\":\"string\",\"minLength\":1000000000}",
            "{\"type\":\"string\",\"pattern\":\"^a{1000000000}$\"}",
            "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],\"items\":false}");

    private static final List<String> TYPES = List.of("string", "number", "integer", "boolean", "object", "array",
            "null", "wat");
    private static final List<String> PATTERNS = List.of("^[a-z]+$", "^\\d{3}-\\d{4}$", "^(a|b)*c$", "^(?=a)a$",
            "^(?!a).$", "^(a)\\1$", "^\\p{L}+$", "^\\w+@\\w+\\.com$", "^[^\"\\\\]*$", "^.{0,5}$", "^a{2,1}$",
            "^(((a)))$", "^(?i)a$", "^\\b$", "^[z-a]$", "^(a$", "^$", "[a-z]+", "^\\$", "^\\$$", "^a{0,100000}$",
            "^(a|)*$", "^(a*)*$", "^\\u0041\\x42$", "^[\\s\\S]$", "^[^\\s\\S]$", "^\"$", "^\\\\$", "^\\n$");
    private static final List<String> FORMATS = List.of("date", "time", "date-time", "uuid", "email", "uri", "wat",
            "");
    private static final List<String> REFS = List.of("#", "#/properties/a", "#/$defs/a", "#/definitions/a",
            "#/anyOf/0", "#/$defs/a~1b", "#/$defs/a~0b", "#/$defs/%61", "#/nope", "https://127.0.0.1/s.json", "a",
            "#/items", "#/properties");
    private static final List<String> UNSUPPORTED = List.of("not", "if", "then", "else", "uniqueItems",
            "multipleOf", "patternProperties", "propertyNames", "contains", "minProperties", "maxProperties",
            "dependentRequired", "unevaluatedProperties");

    private final HostileJson json;
    private final Random random;

    HostileSchemas(HostileJson json) {
        this.json = json;
        this.random = json.random();
    }

    JsonNode schema(int depth) {
        if (depth <= 0 || random.nextInt(6) == 0) {
            return leaf();
        }
        ObjectNode schema = NODES.objectNode();
        switch (random.nextInt(8)) {
            case 0 -> object(schema, depth);
            case 1 -> array(schema, depth);
            case 2 -> schema.set(pick(List.of("anyOf", "oneOf", "allOf")), schemas(depth));
            case 3 -> {
                schema.put("$ref", pick(REFS));
                schema.set("$defs", NODES.objectNode().set(pick(List.of("a", "a/b", "a~b")), schema(depth - 1)));
            }
            case 4 -> schema.set("enum", enumValues());
            case 5 -> schema.set("const", json.value(2));
            case 6 -> schema.set("type", types());
            default -> schema.set(pick(UNSUPPORTED), json.value(1));
        }
        if (random.nextInt(5) == 0) {
            schema.set(random.nextBoolean() ? json.string() : pick(UNSUPPORTED), json.value(1));
        }
        return schema;
    }

    private JsonNode leaf() {
        ObjectNode schema = NODES.objectNode();
        switch (random.nextInt(6)) {
            case 0 -> {
                schema.put("type", "string");
                maybe(schema, "minLength", count());
                maybe(schema, "maxLength", count());
                maybe(schema, "pattern", NODES.textNode(pick(PATTERNS)));
                maybe(schema, "format", NODES.textNode(pick(FORMATS)));
            }
            case 1 -> {
                schema.put("type", random.nextBoolean() ? "integer" : "number");
                for (String bound : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
                    maybe(schema, bound, random.nextInt(3) == 0 ? json.value(0) : NODES.numberNode(
                            random.nextInt(2_000) - 1_000));
                }
            }
            case 2 -> schema.set("type", types());
            case 3 -> {
                return random.nextBoolean() ? NODES.booleanNode(random.nextBoolean()) : json.value(1);
            }
            case 4 -> schema.put("type", pick(TYPES));
            default -> {
                return schema;
            }
        }
        return schema;
    }

    private void object(ObjectNode schema, int depth) {
        schema.put("type", "object");
        ObjectNode properties = NODES.objectNode();
        int count = random.nextInt(20) == 0 ? 2_000 : random.nextInt(4);
        for (int i = 0; i < count; i++) {
            properties.set(count > 10 ? "p" + i : pick(List.of("a", "b_c", "", "~/", "\u00e9", "p" + i, "$ref")),
                    count > 10 ? NODES.objectNode().put("type", "integer") : schema(depth - 1));
        }
        schema.set("properties", random.nextInt(10) == 0 ? json.value(1) : properties);
        ArrayNode required = NODES.arrayNode();
        properties.fieldNames().forEachRemaining(name -> {
            if (random.nextBoolean()) {
                required.add(name);
            }
        });
        if (random.nextInt(5) == 0) {
            required.add("missing");
        }
        schema.set("required", random.nextInt(10) == 0 ? json.value(1) : required);
        maybe(schema, "additionalProperties", random.nextBoolean() ? NODES.booleanNode(random.nextBoolean())
                : schema(depth - 1));
    }

    private void array(ObjectNode schema, int depth) {
        schema.put("type", "array");
        if (random.nextBoolean()) {
            schema.set("items", schema(depth - 1));
        } else {
            schema.set("prefixItems", schemas(depth));
        }
        maybe(schema, "minItems", count());
        maybe(schema, "maxItems", count());
    }

    private JsonNode schemas(int depth) {
        ArrayNode list = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            list.add(schema(depth - 1));
        }
        return list;
    }

    private JsonNode enumValues() {
        if (random.nextInt(8) == 0) {
            ArrayNode many = NODES.arrayNode();
            int size = random.nextBoolean() ? 1_000 : 100_000;
            for (int i = 0; i < size; i++) {
                many.add("value-" + i);
            }
            return many;
        }
        return random.nextInt(6) == 0 ? json.value(1) : json.array(2);
    }

    private JsonNode types() {
        ArrayNode types = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            types.add(pick(TYPES));
        }
        return types;
    }

    private JsonNode count() {
        return random.nextInt(4) == 0 ? json.number() : NODES.numberNode(random.nextInt(6));
    }

    private void maybe(ObjectNode schema, String key, JsonNode value) {
        if (random.nextBoolean()) {
            schema.set(key, value);
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
