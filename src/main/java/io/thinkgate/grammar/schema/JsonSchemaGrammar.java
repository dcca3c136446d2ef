package io.thinkgate.grammar.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thinkgate.grammar.Expr;
import io.thinkgate.grammar.Grammar;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;
import io.thinkgate.grammar.regex.RegexGrammar;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles a JSON schema into a grammar for the JSON texts it accepts, written the way a model writes them: the
 * grammar may accept fewer texts than the schema (properties in declaration order, no properties beyond the declared
 * ones, integers of at most 16 digits), never more. What the subset cannot express is refused at its JSON pointer.
 *
 * <p>Work is bounded before anything is built: the schema's size and depth are counted first, and every count that
 * becomes a repetition is checked against the limits.
 */
public final class JsonSchemaGrammar {

    private static final Set<String> UNSUPPORTED = Set.of("not", "if", "then", "else", "dependentSchemas",
            "dependentRequired", "dependencies", "patternProperties", "propertyNames", "unevaluatedProperties",
            "unevaluatedItems", "contains", "minContains", "maxContains", "multipleOf", "minProperties",
            "maxProperties", "$dynamicRef", "$recursiveRef");
    /** Keywords that say nothing about which values are valid. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$anchor", "$comment", "$defs",
            "definitions", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean",
            "null");
    private static final Map<String, Set<String>> TYPE_KEYWORDS = Map.of(
            "object", Set.of("properties", "required", "additionalProperties"),
            "array", Set.of("items", "prefixItems", "minItems", "maxItems"),
            "string", Set.of("minLength", "maxLength", "pattern", "format"),
            "integer", Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"));

    private final JsonNode document;
    private final GrammarLimits limits;
    private final Map<String, Expr> rules = new LinkedHashMap<>();
    private final Map<JsonNode, String> refRules = new IdentityHashMap<>();
    private final Deque<JsonNode> pendingRefs = new ArrayDeque<>();
    private final Map<JsonNode, String> refPaths = new IdentityHashMap<>();
    private int depth;
    private int compiled;

    private JsonSchemaGrammar(JsonNode document, GrammarLimits limits) {
        this.document = document;
        this.limits = limits;
    }

    /** @throws GrammarException at the JSON pointer ({@code #/properties/age}) of what cannot be compiled */
    public static Grammar compile(JsonNode schema, GrammarLimits limits) {
        SchemaSize.check(schema, limits);
        JsonSchemaGrammar compiler = new JsonSchemaGrammar(schema, limits);
        compiler.refRules.put(schema, Grammar.ROOT);
        compiler.rules.put(Grammar.ROOT, compiler.schema(schema, "#"));
        while (!compiler.pendingRefs.isEmpty()) {
            JsonNode target = compiler.pendingRefs.pop();
            compiler.rules.put(compiler.refRules.get(target), compiler.schema(target, compiler.refPaths.get(target)));
        }
        return new Grammar(compiler.rules);
    }

    private Expr schema(JsonNode node, String path) {
        if (++compiled > limits.maxSchemaNodes()) {
            throw new GrammarException(path, "the schema expands to more than " + limits.maxSchemaNodes()
                    + " subschemas");
        }
        if (++depth > limits.maxSchemaDepth()) {
            throw new GrammarException(path, "schemas are nested deeper than " + limits.maxSchemaDepth());
        }
        try {
            return unguarded(node, path);
        } finally {
            depth--;
        }
    }

    private Expr unguarded(JsonNode node, String path) {
        if (node.isBoolean()) {
            if (!node.booleanValue()) {
                throw new GrammarException(path, "the schema 'false' accepts no value");
            }
            return primitive(Primitive.VALUE);
        }
        if (!node.isObject()) {
            throw new GrammarException(path, "a schema must be an object or a boolean");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String keyword = names.next();
            if (UNSUPPORTED.contains(keyword)) {
                throw new GrammarException(path + "/" + escape(keyword), "'" + keyword + "' is not supported");
            }
        }
        if (node.path("uniqueItems").asBoolean(false)) {
            throw new GrammarException(path + "/uniqueItems", "'uniqueItems' is not supported");
        }
        if (node.has("$ref")) {
            return ref((ObjectNode) node, path);
        }
        if (node.has("allOf")) {
            return schema(merged((ObjectNode) node, path), path);
        }
        if (node.has("anyOf") || node.has("oneOf")) {
            return alternatives((ObjectNode) node, path);
        }
        if (node.has("const") || node.has("enum")) {
            return literals((ObjectNode) node, path);
        }
        JsonNode type = node.get("type");
        if (type == null) {
            return typed(node, path, inferredType(node, path));
        }
        if (type.isTextual()) {
            return typed(node, path, knownType(type, path + "/type"));
        }
        if (!type.isArray() || type.isEmpty()) {
            throw new GrammarException(path + "/type", "'type' must be a type name or a non-empty array of them");
        }
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < type.size(); i++) {
            types.add(knownType(type.get(i), path + "/type/" + i));
        }
        List<Expr> alternatives = new ArrayList<>();
        for (String each : types) {
            alternatives.add(typed(node, path, each));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Expr.Alternation(alternatives);
    }

    private static String knownType(JsonNode type, String path) {
        if (!type.isTextual() || !TYPES.contains(type.textValue())) {
            throw new GrammarException(path, "the type must be one of " + String.join(", ", TYPES.stream().sorted()
                    .toList()));
        }
        return type.textValue();
    }

    /** A schema without {@code type} whose keywords all belong to one type is a schema of that type. */
    private static String inferredType(JsonNode node, String path) {
        Set<String> implied = new LinkedHashSet<>();
        TYPE_KEYWORDS.forEach((type, keywords) -> keywords.forEach(keyword -> {
            if (node.has(keyword)) {
                implied.add(type);
            }
        }));
        if (implied.size() > 1) {
            throw new GrammarException(path, "the keywords belong to different types (" + String.join(", ",
                    implied.stream().sorted().toList()) + "); give the schema a 'type'");
        }
        return implied.isEmpty() ? null : implied.iterator().next();
    }

    private Expr typed(JsonNode node, String path, String type) {
        if (type == null) {
            return primitive(Primitive.VALUE);
        }
        return switch (type) {
            case "object" -> object(node, path);
            case "array" -> array(node, path);
            case "string" -> string(node, path);
            case "integer" -> IntegerRange.of(node, path).expr(space());
            case "number" -> number(node, path);
            case "boolean" -> primitive(Primitive.BOOLEAN);
            default -> primitive(Primitive.NULL);
        };
    }

    private Expr ref(ObjectNode node, String path) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String keyword = names.next();
            if (!keyword.equals("$ref") && !ANNOTATIONS.contains(keyword)) {
                throw new GrammarException(path + "/" + escape(keyword), "'$ref' next to '" + keyword
                        + "' is not supported; move '" + keyword + "' into the referenced schema or an 'allOf'");
            }
        }
        JsonNode target = resolve(node.get("$ref"), path + "/$ref");
        String rule = refRules.get(target);
        if (rule == null) {
            String pointer = node.get("$ref").textValue();
            rule = ruleName(pointer.substring(pointer.lastIndexOf('/') + 1));
            refRules.put(target, rule);
            refPaths.put(target, pointer);
            pendingRefs.push(target);
        }
        return new Expr.Ref(rule);
    }

    private JsonNode resolve(JsonNode ref, String path) {
        if (!ref.isTextual() || !ref.textValue().startsWith("#")) {
            throw new GrammarException(path, "only local references ('#/…') are supported");
        }
        String pointer = ref.textValue().substring(1);
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new GrammarException(path, "a reference must be '#' or a JSON pointer ('#/$defs/name')");
        }
        JsonNode target = document;
        for (String token : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/", -1)) {
            String name = unescape(percentDecoded(token, path));
            if (target.isArray() && name.matches("0|[1-9][0-9]{0,8}")) {
                target = target.get(Integer.parseInt(name));
            } else {
                target = target.isObject() ? target.get(name) : null;
            }
            if (target == null) {
                throw new GrammarException(path, "the reference " + echo(ref.textValue())
                        + " points at nothing");
            }
        }
        return target;
    }

    private static String percentDecoded(String token, String path) {
        try {
            return java.net.URLDecoder.decode(token.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new GrammarException(path, "the reference has a broken '%' escape");
        }
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** {@code allOf} of object schemas, as one object schema; the schema's own keywords count as one more member. */
    private JsonNode merged(ObjectNode node, String path) {
        JsonNode members = node.get("allOf");
        if (!members.isArray() || members.isEmpty()) {
            throw new GrammarException(path + "/allOf", "'allOf' must be a non-empty array of schemas");
        }
        ObjectNode own = node.deepCopy();
        own.remove("allOf");
        List<JsonNode> parts = new ArrayList<>();
        parts.add(own);
        for (int i = 0; i < members.size(); i++) {
            JsonNode member = members.get(i);
            if (member.has("$ref")) {
                member = resolve(member.get("$ref"), path + "/allOf/" + i + "/$ref");
            }
            parts.add(member);
        }
        if (parts.size() == 2 && isAnnotationOnly(own)) {
            return parts.get(1);
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ObjectNode properties = result.putObject("properties");
        ArrayNode required = result.putArray("required");
        result.put("type", "object");
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            String at = i == 0 ? path : path + "/allOf/" + (i - 1);
            if (isAnnotationOnly(part)) {
                continue;
            }
            if (!part.isObject() || part.has("allOf") || part.has("anyOf") || part.has("oneOf")
                    || !"object".equals(part.has("type") ? part.get("type").asText() : inferredType(part, at))) {
                throw new GrammarException(at, "'allOf' is supported for object schemas only");
            }
            part.path("properties").fields().forEachRemaining(property -> {
                JsonNode earlier = properties.get(property.getKey());
                if (earlier != null && !earlier.equals(property.getValue())) {
                    throw new GrammarException(at + "/properties/" + escape(property.getKey()),
                            "the property is defined differently by two members of 'allOf'");
                }
                properties.set(property.getKey(), property.getValue());
            });
            part.path("required").forEach(required::add);
        }
        for (int i = 0; i < parts.size(); i++) {
            JsonNode additional = parts.get(i).get("additionalProperties");
            if (additional == null || (additional.isBoolean() && additional.booleanValue())) {
                continue;
            }
            String at = (i == 0 ? path : path + "/allOf/" + (i - 1)) + "/additionalProperties";
            JsonNode declared = parts.get(i).path("properties");
            properties.fieldNames().forEachRemaining(name -> {
                if (!declared.has(name)) {
                    throw new GrammarException(at, "it forbids the property " + echo(name)
                            + " that another member of 'allOf' declares");
                }
            });
            result.put("additionalProperties", false);
        }
        return result;
    }

    private static boolean isAnnotationOnly(JsonNode node) {
        if (!node.isObject()) {
            return node.isBoolean() && node.booleanValue();
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            if (!ANNOTATIONS.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private Expr alternatives(ObjectNode node, String path) {
        String keyword = node.has("anyOf") ? "anyOf" : "oneOf";
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String other = names.next();
            if (!other.equals(keyword) && !ANNOTATIONS.contains(other)) {
                throw new GrammarException(path + "/" + escape(other), "'" + keyword + "' next to '" + other
                        + "' is not supported; move '" + other + "' into each alternative");
            }
        }
        JsonNode members = node.get(keyword);
        if (!members.isArray() || members.isEmpty()) {
            throw new GrammarException(path + "/" + keyword, "'" + keyword + "' must be a non-empty array of schemas");
        }
        if (keyword.equals("oneOf")) {
            Disjointness.check(members, target -> resolve(target, path + "/oneOf"), path + "/oneOf");
        }
        List<Expr> alternatives = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            alternatives.add(schema(members.get(i), path + "/" + keyword + "/" + i));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Expr.Alternation(alternatives);
    }

    private Expr literals(ObjectNode node, String path) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String other = names.next();
            if (!other.equals("const") && !other.equals("enum") && !other.equals("type")
                    && !ANNOTATIONS.contains(other)) {
                throw new GrammarException(path + "/" + escape(other), "'" + other + "' next to 'const' or 'enum'"
                        + " is not supported; list only the values that satisfy it");
            }
        }
        List<JsonNode> values = new ArrayList<>();
        if (node.has("const")) {
            values.add(node.get("const"));
        }
        if (node.has("enum")) {
            JsonNode list = node.get("enum");
            if (!list.isArray() || list.isEmpty()) {
                throw new GrammarException(path + "/enum", "'enum' must be a non-empty array");
            }
            if (list.size() > limits.maxEnumValues()) {
                throw new GrammarException(path + "/enum", "'enum' has " + list.size() + " values; at most "
                        + limits.maxEnumValues() + " are accepted");
            }
            List<JsonNode> listed = new ArrayList<>();
            list.forEach(listed::add);
            values = values.isEmpty() ? listed : values.stream().filter(listed::contains).toList();
        }
        Set<String> types = node.has("type") ? declaredTypes(node.get("type"), path + "/type") : TYPES;
        values.forEach(value -> finiteNumbers(value, path));
        List<String> texts = values.stream().filter(value -> types.contains(typeOf(value))
                || (value.isIntegralNumber() && types.contains("number"))
                || (integral(value) && types.contains("integer"))).map(JsonNode::toString).distinct().toList();
        if (texts.isEmpty()) {
            throw new GrammarException(path, "no value of 'const' or 'enum' satisfies the rest of the schema");
        }
        return new Expr.Sequence(List.of(LiteralTrie.of(texts, expr -> rule(path + "-enum", expr)), space()));
    }

    /** A number past a double's range reads differently in different clients, so no two would agree on a match. */
    private static void finiteNumbers(JsonNode value, String path) {
        Deque<JsonNode> todo = new ArrayDeque<>(List.of(value));
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
                throw new GrammarException(path, "the number " + echo(node.toString())
                        + " is beyond the range of a double");
            }
            node.forEach(todo::push);
        }
    }

    private static Set<String> declaredTypes(JsonNode type, String path) {
        Set<String> types = new LinkedHashSet<>();
        if (type.isArray()) {
            for (int i = 0; i < type.size(); i++) {
                types.add(knownType(type.get(i), path + "/" + i));
            }
        } else {
            types.add(knownType(type, path));
        }
        return types;
    }

    static String typeOf(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        return value.isBoolean() ? "boolean" : "null";
    }

    /** A JSON parser reads a number past a double's range as infinity, which has no decimal value. */
    private static boolean integral(JsonNode value) {
        return value.isNumber() && Double.isFinite(value.doubleValue())
                && value.decimalValue().stripTrailingZeros().scale() <= 0;
    }

    private Expr object(JsonNode node, String path) {
        JsonNode properties = node.path("properties");
        if (!properties.isMissingNode() && !properties.isObject()) {
            throw new GrammarException(path + "/properties", "'properties' must be an object");
        }
        if (properties.size() > limits.maxProperties()) {
            throw new GrammarException(path + "/properties", "the object has " + properties.size()
                    + " properties; at most " + limits.maxProperties() + " are accepted");
        }
        Set<String> required = new LinkedHashSet<>();
        JsonNode requiredNode = node.path("required");
        if (!requiredNode.isMissingNode() && !requiredNode.isArray()) {
            throw new GrammarException(path + "/required", "'required' must be an array of property names");
        }
        for (int i = 0; i < requiredNode.size(); i++) {
            if (!requiredNode.get(i).isTextual()) {
                throw new GrammarException(path + "/required/" + i, "a required property's name must be a string");
            }
            required.add(requiredNode.get(i).textValue());
        }
        JsonNode additional = node.get("additionalProperties");
        boolean closed = additional != null && additional.isBoolean() && !additional.booleanValue();
        List<Expr> requiredPairs = new ArrayList<>();
        List<Expr> optionalPairs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "/properties/" + escape(field.getKey());
            Expr pair = pair(field.getKey(), field.getValue(), at);
            (required.contains(field.getKey()) ? requiredPairs : optionalPairs).add(pair);
        }
        for (String name : required) {
            if (!properties.has(name)) {
                if (closed) {
                    throw new GrammarException(path + "/required", "the required property "
                            + echo(name) + " is not allowed by 'additionalProperties': false");
                }
                requiredPairs.add(pair(name, additional == null ? JsonNodeFactory.instance.booleanNode(true)
                        : additional, path + "/additionalProperties"));
            }
        }
        Expr open = literal("{");
        Expr close = new Expr.Sequence(List.of(literal("}"), space()));
        if (properties.isEmpty() && requiredPairs.isEmpty() && !closed) {
            Expr value = additional == null ? primitive(Primitive.VALUE)
                    : schema(additional, path + "/additionalProperties");
            Expr entry = rule(path + "-entry", new Expr.Sequence(List.of(primitive(Primitive.STRING), literal(":"),
                    space(), value)));
            return new Expr.Sequence(List.of(open, space(), new Expr.Repeat(new Expr.Sequence(List.of(entry,
                    new Expr.Repeat(new Expr.Sequence(List.of(literal(","), space(), entry)), 0,
                            Expr.Repeat.UNBOUNDED))), 0, 1), close));
        }
        List<Expr> items = new ArrayList<>(List.of(open, space()));
        Expr comma = new Expr.Sequence(List.of(literal(","), space()));
        for (int i = 0; i < requiredPairs.size(); i++) {
            if (i > 0) {
                items.add(comma);
            }
            items.add(requiredPairs.get(i));
        }
        if (!optionalPairs.isEmpty()) {
            List<Expr> tails = tails(optionalPairs, comma, path);
            items.add(requiredPairs.isEmpty() ? optionalFirst(optionalPairs, tails) : tails.get(0));
        }
        items.add(close);
        return new Expr.Sequence(items);
    }

    /**
     * For each optional property, a rule for any subset of it and those after it, in order, each after a comma;
     * the last element is the empty sequence.
     */
    private List<Expr> tails(List<Expr> pairs, Expr comma, String path) {
        Expr[] tails = new Expr[pairs.size() + 1];
        tails[pairs.size()] = new Expr.Sequence(List.of());
        for (int i = pairs.size() - 1; i >= 0; i--) {
            Expr optional = new Expr.Repeat(new Expr.Sequence(List.of(comma, pairs.get(i))), 0, 1);
            tails[i] = rule(path + "-tail", i + 1 == pairs.size() ? optional
                    : new Expr.Sequence(List.of(optional, tails[i + 1])));
        }
        return List.of(tails);
    }

    /** Any subset of the optional properties, in order, when no property comes before them. */
    private static Expr optionalFirst(List<Expr> pairs, List<Expr> tails) {
        List<Expr> alternatives = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            alternatives.add(i + 1 < pairs.size() ? new Expr.Sequence(List.of(pairs.get(i), tails.get(i + 1)))
                    : pairs.get(i));
        }
        return new Expr.Repeat(new Expr.Alternation(alternatives), 0, 1);
    }

    private Expr pair(String name, JsonNode schema, String path) {
        Expr value = schema(schema, path);
        return rule(path + "-kv", new Expr.Sequence(List.of(literal(JsonNodeFactory.instance.textNode(name)
                .toString()), space(), literal(":"), space(), value)));
    }

    private Expr array(JsonNode node, String path) {
        JsonNode items = node.get("items");
        JsonNode prefix = node.get("prefixItems");
        if (items != null && items.isArray()) {
            prefix = items;
            items = node.get("additionalItems");
        }
        if (prefix != null && !prefix.isArray()) {
            throw new GrammarException(path + "/prefixItems", "'prefixItems' must be an array of schemas");
        }
        int min = count(node, "minItems", 0, path);
        int max = count(node, "maxItems", Expr.Repeat.UNBOUNDED, path);
        checkOrder(min, max, path, "minItems", "maxItems");
        List<Expr> elements = new ArrayList<>();
        int fixed = prefix == null ? 0 : prefix.size();
        if (fixed > limits.maxRepetition()) {
            throw new GrammarException(path + "/prefixItems", "'prefixItems' has " + fixed + " schemas; at most "
                    + limits.maxRepetition() + " are accepted");
        }
        if (max != Expr.Repeat.UNBOUNDED && max < fixed) {
            throw new GrammarException(path + "/maxItems", "'maxItems' is below the number of 'prefixItems'");
        }
        for (int i = 0; i < fixed; i++) {
            elements.add(schema(prefix.get(i), path + "/prefixItems/" + i));
        }
        boolean noMore = items != null && items.isBoolean() && !items.booleanValue()
                || prefix != null && items == null && min <= fixed;
        if (noMore && min > fixed) {
            throw new GrammarException(path + "/minItems", "'minItems' asks for more items than the schema allows");
        }
        List<Expr> result = new ArrayList<>(List.of(literal("["), space()));
        Expr comma = new Expr.Sequence(List.of(literal(","), space()));
        for (int i = 0; i < fixed; i++) {
            if (i > 0) {
                result.add(comma);
            }
            result.add(elements.get(i));
        }
        if (!noMore) {
            Expr item = rule(path + "-item", items == null ? primitive(Primitive.VALUE)
                    : schema(items, path + "/items"));
            int extraMin = Math.max(0, min - fixed);
            int extraMax = max == Expr.Repeat.UNBOUNDED ? max : max - fixed;
            if (extraMax != 0) {
                if (fixed > 0) {
                    result.add(new Expr.Repeat(new Expr.Sequence(List.of(comma, item)), extraMin, extraMax));
                } else {
                    Expr rest = new Expr.Repeat(new Expr.Sequence(List.of(comma, item)), Math.max(0, extraMin - 1),
                            extraMax == Expr.Repeat.UNBOUNDED ? extraMax : extraMax - 1);
                    Expr some = new Expr.Sequence(List.of(item, rest));
                    result.add(extraMin == 0 ? new Expr.Repeat(some, 0, 1) : some);
                }
            }
        }
        result.add(literal("]"));
        result.add(space());
        return new Expr.Sequence(result);
    }

    private Expr string(JsonNode node, String path) {
        boolean lengths = node.has("minLength") || node.has("maxLength");
        Optional<String> constraint = node.has("pattern") ? Optional.of("pattern")
                : node.has("format") && StringFormats.supports(node.get("format")) ? Optional.of("format")
                : Optional.empty();
        if (node.has("pattern") && node.has("format") && StringFormats.supports(node.get("format"))) {
            throw new GrammarException(path + "/pattern", "'pattern' together with 'format' is not supported");
        }
        if (constraint.isPresent() && lengths) {
            throw new GrammarException(path + "/" + constraint.get(), "'" + constraint.get()
                    + "' together with 'minLength' or 'maxLength' is not supported; put the lengths in the pattern");
        }
        Expr body;
        if (node.has("pattern")) {
            JsonNode pattern = node.get("pattern");
            if (!pattern.isTextual()) {
                throw new GrammarException(path + "/pattern", "'pattern' must be a string");
            }
            try {
                body = JsonStringEncoding.encode(RegexGrammar.translate(pattern.textValue(), limits));
            } catch (GrammarException e) {
                throw new GrammarException(path + "/pattern " + e.location(), e.getMessage()
                        .substring(e.location().length() + 2));
            }
        } else if (constraint.isPresent()) {
            body = StringFormats.of(node.get("format").textValue());
        } else {
            int min = count(node, "minLength", 0, path);
            int max = count(node, "maxLength", Expr.Repeat.UNBOUNDED, path);
            checkOrder(min, max, path, "minLength", "maxLength");
            if (min == 0 && max == Expr.Repeat.UNBOUNDED) {
                return primitive(Primitive.STRING);
            }
            body = new Expr.Repeat(primitive(Primitive.CHAR), min, max);
        }
        return new Expr.Sequence(List.of(literal("\""), body, literal("\""), space()));
    }

    private Expr number(JsonNode node, String path) {
        for (String bound : TYPE_KEYWORDS.get("integer")) {
            if (node.has(bound)) {
                throw new GrammarException(path + "/" + bound, "bounds on a 'number' are not supported; bounds on"
                        + " an 'integer' are");
            }
        }
        return primitive(Primitive.NUMBER);
    }

    private int count(JsonNode node, String keyword, int absent, String path) {
        JsonNode value = node.get(keyword);
        if (value == null) {
            return absent;
        }
        if (!integral(value) || value.decimalValue().signum() < 0) {
            throw new GrammarException(path + "/" + keyword, "'" + keyword + "' must be a non-negative integer");
        }
        BigDecimal count = value.decimalValue();
        if (count.compareTo(BigDecimal.valueOf(limits.maxRepetition())) > 0) {
            throw new GrammarException(path + "/" + keyword, "'" + keyword + "' is " + echo(value.toString())
                    + "; at most " + limits.maxRepetition() + " is accepted");
        }
        return count.intValueExact();
    }

    private static void checkOrder(int min, int max, String path, String minKeyword, String maxKeyword) {
        if (max != Expr.Repeat.UNBOUNDED && min > max) {
            throw new GrammarException(path, "'" + minKeyword + "' " + min + " is above '" + maxKeyword + "' " + max);
        }
    }

    /** The expression as its own rule, so that repeating or reusing it does not copy it. */
    private Expr rule(String path, Expr expr) {
        if (expr instanceof Expr.Ref) {
            return expr;
        }
        String name = ruleName(path.replaceFirst("^#/?", ""));
        rules.put(name, expr);
        return new Expr.Ref(name);
    }

    /** A fresh rule name that says where in the schema the rule comes from. */
    private String ruleName(String hint) {
        String base = hint.replaceAll("[^a-zA-Z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (base.length() > 40) {
            base = base.substring(base.length() - 40).replaceAll("^-+", "");
        }
        if (base.isEmpty() || Primitive.isName(base) || base.equals(Grammar.ROOT)) {
            base = "s-" + base;
        }
        String name = base;
        for (int i = 2; rules.containsKey(name); i++) {
            name = base + "-" + i;
        }
        rules.put(name, new Expr.Literal(""));
        return name;
    }

    private static String echo(String value) {
        return value.length() <= 64 ? "'" + value + "'" : "'" + value.substring(0, 64) + "…'";
    }

    private Expr primitive(Primitive primitive) {
        primitive.define(rules);
        return new Expr.Ref(primitive.rule());
    }

    private Expr space() {
        return primitive(Primitive.SPACE);
    }

    private static Expr literal(String text) {
        return new Expr.Literal(text);
    }
}
