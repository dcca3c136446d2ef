package io.thinkgate.api;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.thinkgate.api.wire.ChatCompletion;
import io.thinkgate.api.wire.ChatCompletionChunk;
import io.thinkgate.api.wire.ChatLogprobs;
import io.thinkgate.api.wire.ChatCompletionRequest;
import io.thinkgate.api.wire.ChatMessage;
import io.thinkgate.api.wire.CompletionRequest;
import io.thinkgate.api.wire.ErrorResponse;
import io.thinkgate.api.wire.ModelCard;
import io.thinkgate.api.wire.ModelList;
import io.thinkgate.api.wire.ResponseFormat;
import io.thinkgate.api.wire.StreamOptions;
import io.thinkgate.api.wire.InterruptReply;
import io.thinkgate.api.wire.InterruptRequest;
import io.thinkgate.api.wire.TextCompletion;
import io.thinkgate.api.wire.TextLogprobs;
import io.thinkgate.api.wire.ThinkGateReport;
import io.thinkgate.api.wire.Usage;
import jakarta.ws.rs.HttpMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps {@code openapi.yaml} and the served API in step, without starting Quarkus: the JAX-RS resources' endpoints
 * must be exactly the documented {@code /v1} operations, and every wire record's JSON properties (as Jackson names
 * them) must be exactly its schema's {@code properties}.
 */
class OpenApiContractTest {

    private static final Path SPEC = Paths.get("openapi.yaml");
    private static final Path API_CLASSES = Paths.get("target", "classes", "io", "thinkgate", "api");
    private static final Path MAIN_SOURCES = Paths.get("src", "main", "java");
    private static final String API_PACKAGE = "io.thinkgate.api";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");

    /** Each wire record used as a body, and its schema in openapi.yaml. */
    private static final Map<Class<?>, String> WIRE_SCHEMAS = new LinkedHashMap<>();

    static {
        WIRE_SCHEMAS.put(ChatCompletionRequest.class, "ChatCompletionRequest");
        WIRE_SCHEMAS.put(ChatCompletionRequest.ReasoningOptions.class, "ReasoningOptions");
        WIRE_SCHEMAS.put(ChatMessage.class, "ChatMessage");
        WIRE_SCHEMAS.put(StreamOptions.class, "StreamOptions");
        WIRE_SCHEMAS.put(ResponseFormat.class, "ResponseFormat");
        WIRE_SCHEMAS.put(ResponseFormat.JsonSchemaFormat.class, "JsonSchemaFormat");
        WIRE_SCHEMAS.put(CompletionRequest.class, "CompletionRequest");
        WIRE_SCHEMAS.put(ChatCompletion.class, "ChatCompletion");
        WIRE_SCHEMAS.put(ChatCompletion.Choice.class, "ChatCompletionChoice");
        WIRE_SCHEMAS.put(ChatCompletion.AssistantMessage.class, "AssistantMessage");
        WIRE_SCHEMAS.put(ChatCompletionChunk.class, "ChatCompletionChunk");
        WIRE_SCHEMAS.put(ChatCompletionChunk.Choice.class, "ChatCompletionChunkChoice");
        WIRE_SCHEMAS.put(ChatCompletionChunk.Delta.class, "ChatCompletionChunkDelta");
        WIRE_SCHEMAS.put(TextCompletion.class, "TextCompletion");
        WIRE_SCHEMAS.put(TextCompletion.Choice.class, "TextCompletionChoice");
        WIRE_SCHEMAS.put(TextLogprobs.class, "TextLogprobs");
        WIRE_SCHEMAS.put(ChatLogprobs.class, "ChatLogprobs");
        WIRE_SCHEMAS.put(ChatLogprobs.Token.class, "TokenLogprob");
        WIRE_SCHEMAS.put(ChatLogprobs.Alternative.class, "TokenLogprobAlternative");
        WIRE_SCHEMAS.put(Usage.class, "Usage");
        WIRE_SCHEMAS.put(Usage.PromptTokensDetails.class, "PromptTokensDetails");
        WIRE_SCHEMAS.put(Usage.CompletionTokensDetails.class, "CompletionTokensDetails");
        WIRE_SCHEMAS.put(ModelCard.class, "ModelCard");
        WIRE_SCHEMAS.put(ModelCard.ModelMeta.class, "ModelMeta");
        WIRE_SCHEMAS.put(ModelList.class, "ModelList");
        WIRE_SCHEMAS.put(ErrorResponse.class, "ErrorResponse");
        WIRE_SCHEMAS.put(ErrorResponse.Body.class, "ErrorBody");
        WIRE_SCHEMAS.put(ThinkGateReport.class, "ThinkGateReport");
        WIRE_SCHEMAS.put(ThinkGateReport.Thoughts.class, "ThinkGateThoughtsReport");
        WIRE_SCHEMAS.put(ThinkGateReport.Decision.class, "ThinkGateDecision");
        WIRE_SCHEMAS.put(ThinkGateReport.AppliedInterrupt.class, "ThinkGateAppliedInterrupt");
        WIRE_SCHEMAS.put(InterruptRequest.class, "InterruptRequest");
        WIRE_SCHEMAS.put(InterruptReply.class, "InterruptReply");
        WIRE_SCHEMAS.put(ThinkGateReport.Cost.class, "ThinkGateDecisionCost");
    }

    /** Request bodies: their properties are read as Jackson deserializes them. */
    private static final Set<Class<?>> REQUEST_TYPES = Set.of(ChatCompletionRequest.class,
            ChatCompletionRequest.ReasoningOptions.class, ChatMessage.class, StreamOptions.class,
            ResponseFormat.class, ResponseFormat.JsonSchemaFormat.class, CompletionRequest.class,
            InterruptRequest.class);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Map<String, Object> spec;

    @BeforeAll
    static void parse() throws IOException {
        assertTrue(Files.isRegularFile(SPEC), "openapi.yaml is missing at the project root");
        try (Reader reader = Files.newBufferedReader(SPEC)) {
            Object root = new Yaml(new LoaderOptions()).load(reader);
            assertInstanceOf(Map.class, root, "openapi.yaml must be a YAML mapping");
            spec = map(root, "openapi.yaml");
        }
    }

    @Test
    void specIsOpenApi303WithTheSections() {
        assertEquals("3.0.3", String.valueOf(spec.get("openapi")));
        assertTrue(spec.get("info") instanceof Map, "info is missing");
        assertFalse(map(spec.get("paths"), "paths").isEmpty(), "paths is empty");
        assertFalse(schemas().isEmpty(), "components.schemas is empty");
    }

    @Test
    void everyRefResolves() {
        List<String> problems = new ArrayList<>();
        checkRefs(spec, "", problems);
        assertTrue(problems.isEmpty(), "unresolved $ref in openapi.yaml:\n  " + String.join("\n  ", problems));
    }

    @Test
    void servedEndpointsAreExactlyTheDocumentedV1Operations() throws IOException {
        Set<String> served = servedEndpoints();
        assertFalse(served.isEmpty(), "found no JAX-RS resources under " + API_CLASSES);
        Set<String> documented = new TreeSet<>();
        map(spec.get("paths"), "paths").forEach((path, item) -> {
            if (path.equals("/v1") || path.startsWith("/v1/")) {
                for (String method : map(item, "paths." + path).keySet()) {
                    if (HTTP_METHODS.contains(method)) {
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }
        });
        assertSetsEqual("endpoints", "served but not in openapi.yaml", served, "in openapi.yaml but not served",
                documented);
    }

    @Test
    void everyWireRecordIsMappedToASchema() throws IOException {
        Path wire = API_CLASSES.resolve("wire");
        assertTrue(Files.isDirectory(wire), wire + " is missing; compile first");
        Set<String> records = new TreeSet<>();
        for (Class<?> type : classesUnder(wire, API_PACKAGE + ".wire")) {
            if (type.isRecord()) {
                records.add(type.getName());
            }
        }
        Set<String> mapped = WIRE_SCHEMAS.keySet().stream().map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertSetsEqual("wire records", "not mapped to a schema in OpenApiContractTest", records,
                "mapped but gone", mapped);
    }

    @Test
    void wireRecordPropertiesAreExactlyTheSchemaProperties() {
        List<String> problems = new ArrayList<>();
        WIRE_SCHEMAS.forEach((type, schemaName) -> {
            Map<String, Object> schema = schemas().get(schemaName) == null ? null
                    : map(schemas().get(schemaName), schemaName);
            if (schema == null) {
                problems.add(schemaName + ": no such schema (for " + type.getName() + ")");
                return;
            }
            Map<String, BeanPropertyDefinition> properties = jsonProperties(type);
            Map<String, Object> documented = schema.get("properties") == null ? Map.of()
                    : map(schema.get("properties"), schemaName + ".properties");
            for (String name : properties.keySet()) {
                if (!documented.containsKey(name)) {
                    problems.add(schemaName + "." + name + ": sent/accepted by " + type.getSimpleName()
                            + " but not documented");
                }
            }
            for (String name : documented.keySet()) {
                if (!properties.containsKey(name)) {
                    problems.add(schemaName + "." + name + ": documented but " + type.getSimpleName()
                            + " has no such JSON property");
                }
            }
            properties.forEach((name, property) -> {
                if (documented.get(name) instanceof Map) {
                    checkType(schemaName + "." + name, property.getPrimaryType(),
                            map(documented.get(name), name), problems);
                }
            });
        });
        assertTrue(problems.isEmpty(), "openapi.yaml and the wire records disagree:\n  "
                + String.join("\n  ", problems));
    }

    /** The objects the code reads key by key (not records) must document exactly the keys read. */
    @Test
    void freeFormThinkingObjectsDocumentTheKeysTheCodeReads() throws IOException {
        String resolver = Files.readString(
                Paths.get("src/main/java/io/thinkgate/reasoning/control/ThinkingControlResolver.java"));
        String controls = Files.readString(Paths.get("src/main/java/io/thinkgate/api/ThinkingControls.java"));
        String reader = Files.readString(Paths.get("src/main/java/io/thinkgate/api/ChatRequestReader.java"));
        Set<String> thinkgateKeys = new TreeSet<>(keysRead(resolver, "extension"));
        thinkgateKeys.addAll(keysRead(reader, "thinkgate()"));
        assertSetsEqual("thinkgate object keys", "read by ThinkingControlResolver or ChatRequestReader but not "
                + "documented", thinkgateKeys, "documented but not read", schemaProperties("ThinkGateControls"));
        assertEquals(SCHEMAS + "ThinkGateThoughts",
                map(map(schemas().get("ThinkGateControls"), "ThinkGateControls").get("properties"),
                        "ThinkGateControls.properties").get("thoughts") instanceof Map<?, ?> thoughts
                        ? thoughts.get("$ref") : null,
                "ThinkGateControls.thoughts must be $ref " + SCHEMAS + "ThinkGateThoughts");
        assertSetsEqual("thinkgate.thoughts keys", "read by ThinkingControlResolver but not documented",
                keysRead(resolver, "thoughts"), "documented but not read", schemaProperties("ThinkGateThoughts"));
        assertSetsEqual("Anthropic thinking keys", "read by ThinkingControlResolver but not documented",
                keysRead(resolver, "thinking"), "documented but not read", schemaProperties("AnthropicThinking"));
        assertSetsEqual("chat_template_kwargs keys", "read by ThinkingControls but not documented",
                keysRead(controls, "kwargs"), "documented but not read", schemaProperties("ChatTemplateKwargs"));
        assertSetsEqual("text content part keys", "read by ChatRequestReader but not documented",
                keysRead(reader, "part"), "documented but not read", schemaProperties("TextContentPart"));
    }

    /**
     * The {@code code} of every error the server sends, read from the source where errors are made, must be in
     * {@code ErrorBody.code}'s enum, and the enum must hold no code that is never sent.
     */
    @Test
    void everyErrorCodeTheServerSendsIsDocumented() throws IOException {
        Set<String> sent = errorCodesInSource();
        for (String known : List.of("invalid_json", "invalid_value", "model_not_found", "not_found", "queue_full",
                "request_timeout", "request_too_large", "uri_too_long", "headers_too_large", "internal_error")) {
            assertTrue(sent.contains(known), "found no '" + known + "' where errors are made in " + MAIN_SOURCES
                    + "; the patterns in errorCodesInSource() no longer match the code, update them");
        }
        Map<String, Object> code = map(map(map(schemas().get("ErrorBody"), "ErrorBody").get("properties"),
                "ErrorBody.properties").get("code"), "ErrorBody.properties.code");
        assertTrue(code.get("enum") instanceof List, "ErrorBody.code must have an enum");
        Set<String> documented = ((List<?>) code.get("enum")).stream().map(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
        assertSetsEqual("error codes", "sent but not in ErrorBody.code's enum", sent,
                "in the enum but never sent", documented);
        String description = String.valueOf(code.get("description"));
        for (String each : sent) {
            assertTrue(description.contains("`" + each + "`"), "ErrorBody.code's description does not mention `"
                    + each + "` and its status");
        }
    }

    /** The code argument of each way an error is made: mappers, ApiException, the Vert.x-level writer. */
    private static Set<String> errorCodesInSource() throws IOException {
        String literal = "\\s*\"([a-z]+(?:_[a-z]+)*)\"";
        List<Pattern> shapes = List.of(
                // ErrorMappers.respond(status, type, param, code, message)
                Pattern.compile("\\brespond\\(\\s*\\d+\\s*,\\s*\"\\w+\"\\s*,[^,]+," + literal),
                // new ApiException(status, type, param, code, message)
                Pattern.compile("new ApiException\\(\\s*\\d+\\s*,\\s*\"\\w+\"\\s*,[^,]+," + literal),
                // ApiException.invalid(param, code, message)
                Pattern.compile("ApiException\\.invalid\\(\\s*[^,()]+," + literal + "\\s*,"),
                // HttpErrors.send(context, status, code, message, close)
                Pattern.compile("\\.send\\(\\s*\\w+\\s*,\\s*\\d+\\s*," + literal),
                // new ErrorResponse.Body(message, type, param, code)
                Pattern.compile("new ErrorResponse\\.Body\\(\\s*\"[^\"]*\"\\s*,\\s*\"\\w+\"\\s*,[^,]+,"
                        + literal));
        Set<String> codes = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(MAIN_SOURCES)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            String source = Files.readString(file);
            for (Pattern shape : shapes) {
                Matcher matcher = shape.matcher(source);
                while (matcher.find()) {
                    codes.add(matcher.group(1));
                }
            }
            // HttpErrors.send(context, status, HttpErrors.CONSTANT, message, close)
            Matcher named = Pattern.compile("\\.send\\(\\s*\\w+\\s*,\\s*\\d+\\s*,\\s*HttpErrors\\.(\\w+)")
                    .matcher(source);
            while (named.find()) {
                codes.add(httpErrorsConstant(named.group(1)));
            }
            // HttpErrors.code(status): the code of each status, and the fallbacks
            Matcher table = Pattern.compile("static String code\\(int status\\) \\{(.*?)\\n    }", Pattern.DOTALL)
                    .matcher(source);
            if (table.find()) {
                Matcher each = Pattern.compile("\"([a-z]+(?:_[a-z]+)*)\"").matcher(table.group(1));
                while (each.find()) {
                    codes.add(each.group(1));
                }
            }
        }
        return codes;
    }

    private static String httpErrorsConstant(String name) throws IOException {
        Matcher constant = Pattern.compile("static final String " + name + " = \"([a-z_]+)\";")
                .matcher(Files.readString(MAIN_SOURCES.resolve(API_PACKAGE.replace('.', '/') + "/HttpErrors.java")));
        assertTrue(constant.find(), "HttpErrors." + name + " is not a string constant of HttpErrors");
        return constant.group(1);
    }

    // --- endpoints ---------------------------------------------------------------------------------------------

    private static Set<String> servedEndpoints() throws IOException {
        Set<String> endpoints = new TreeSet<>();
        for (Class<?> type : classesUnder(API_CLASSES, API_PACKAGE)) {
            jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                endpoints.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
            }
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Joins JAX-RS path segments and drops template regexes: {@code {id: .+}} becomes {@code {id}}. */
    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.replaceAll("\\{\\s*(\\w[\\w.-]*)\\s*:[^}]*}", "{$1}");
    }

    /** The top-level and nested classes compiled under a package directory (and its subpackages). */
    private static List<Class<?>> classesUnder(Path directory, String packageName) throws IOException {
        assertTrue(Files.isDirectory(directory), directory + " is missing; compile first");
        List<Class<?>> classes = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            String relative = directory.relativize(file).toString().replace('\\', '/');
            String name = packageName + "." + relative.substring(0, relative.length() - ".class".length())
                    .replace('/', '.');
            if (name.matches(".*\\$\\d+.*")) {
                continue; // anonymous classes
            }
            try {
                classes.add(Class.forName(name, false, OpenApiContractTest.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                fail("cannot load " + name + ": " + e);
            }
        }
        return classes;
    }

    // --- properties --------------------------------------------------------------------------------------------

    private static Map<String, BeanPropertyDefinition> jsonProperties(Class<?> type) {
        JavaType javaType = MAPPER.constructType(type);
        BeanDescription description = REQUEST_TYPES.contains(type)
                ? MAPPER.getDeserializationConfig().introspect(javaType)
                : MAPPER.getSerializationConfig().introspect(javaType);
        Map<String, BeanPropertyDefinition> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            properties.put(property.getName(), property);
        }
        return properties;
    }

    /** A coarse check that the documented type fits the Java type. */
    private static void checkType(String where, JavaType javaType, Map<String, Object> property,
            List<String> problems) {
        Class<?> raw = javaType.getRawClass();
        if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) {
            return; // several shapes; described in words and oneOf
        }
        Object ref = property.get("$ref");
        if (WIRE_SCHEMAS.containsKey(raw)) {
            String expected = SCHEMAS + WIRE_SCHEMAS.get(raw);
            if (!expected.equals(ref)) {
                problems.add(where + ": must be $ref " + expected + " (" + raw.getSimpleName() + "), is "
                        + (ref != null ? ref : property.get("type")));
            }
            return;
        }
        Map<String, Object> resolved = property;
        if (ref instanceof String) {
            Object target = resolve(String.valueOf(ref));
            if (!(target instanceof Map)) {
                return; // reported by everyRefResolves
            }
            resolved = map(target, String.valueOf(ref));
        }
        String expected = openApiType(javaType);
        Object actual = resolved.get("type");
        if (expected == null) {
            return;
        }
        if (!expected.equals(actual)) {
            problems.add(where + ": Java " + javaType.toCanonical() + " is documented as type " + actual
                    + ", expected " + expected);
            return;
        }
        if (expected.equals("array") && javaType.getContentType() != null && resolved.get("items") instanceof Map) {
            checkType(where + "[]", javaType.getContentType(), map(resolved.get("items"), where + ".items"),
                    problems);
        }
    }

    private static String openApiType(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return "string";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == short.class || raw == Short.class) {
            return "integer";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return "array";
        }
        if (type.isMapLikeType()) {
            return "object";
        }
        return null;
    }

    private static Set<String> keysRead(String source, String variable) {
        Matcher matcher = Pattern.compile("\\b" + Pattern.quote(variable) + "\\s*\\.\\s*(?:get|path)\\(\\s*\"(\\w+)\"")
                .matcher(source);
        Set<String> keys = new TreeSet<>();
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        assertFalse(keys.isEmpty(), "found no " + variable + ".get(\"...\") in the source; update this test");
        return keys;
    }

    private static Set<String> schemaProperties(String name) {
        Object schema = schemas().get(name);
        assertTrue(schema instanceof Map, "schema " + name + " is missing");
        Object properties = map(schema, name).get("properties");
        return properties == null ? Set.of() : new TreeSet<>(map(properties, name + ".properties").keySet());
    }

    // --- spec navigation ---------------------------------------------------------------------------------------

    private static Map<String, Object> schemas() {
        return map(map(spec.get("components"), "components").get("schemas"), "components.schemas");
    }

    private static void checkRefs(Object node, String where, List<String> problems) {
        if (node instanceof Map) {
            ((Map<?, ?>) node).forEach((key, value) -> {
                String path = where + "/" + key;
                if ("$ref".equals(key)) {
                    String ref = String.valueOf(value);
                    if (!ref.startsWith("#/")) {
                        problems.add(path + ": only local refs are allowed, got " + ref);
                    } else if (resolve(ref) == null) {
                        problems.add(path + ": " + ref);
                    }
                } else {
                    checkRefs(value, path, problems);
                }
            });
        } else if (node instanceof Collection) {
            int i = 0;
            for (Object item : (Collection<?>) node) {
                checkRefs(item, where + "/" + i++, problems);
            }
        }
    }

    /** Resolves a local JSON pointer ({@code #/a/b}) in the spec, or null. */
    private static Object resolve(String ref) {
        Object node = spec;
        for (String token : ref.substring(2).split("/")) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (!(node instanceof Map) || !((Map<?, ?>) node).containsKey(key)) {
                return null;
            }
            node = ((Map<?, ?>) node).get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where) {
        assertTrue(node instanceof Map, where + " must be a mapping");
        Map<String, Object> result = new LinkedHashMap<>();
        ((Map<Object, Object>) node).forEach((key, value) -> result.put(String.valueOf(key), value));
        return result;
    }

    private static void assertSetsEqual(String what, String onlyLeftLabel, Set<String> left, String onlyRightLabel,
            Set<String> right) {
        Set<String> onlyLeft = new TreeSet<>(left);
        onlyLeft.removeAll(right);
        Set<String> onlyRight = new TreeSet<>(right);
        onlyRight.removeAll(left);
        if (!onlyLeft.isEmpty() || !onlyRight.isEmpty()) {
            fail(what + " disagree:\n  " + onlyLeftLabel + ": " + onlyLeft + "\n  " + onlyRightLabel + ": "
                    + onlyRight);
        }
    }
}
