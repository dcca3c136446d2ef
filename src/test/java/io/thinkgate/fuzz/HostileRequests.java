package io.thinkgate.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Random;

import static io.thinkgate.fuzz.HostileJson.NODES;

/** Request bodies a hostile client sends: valid requests with a field or two gone wrong, and outright garbage. */
final class HostileRequests {

    /** One request: where it goes and what it carries. */
    record Request(String path, String body) {
    }

    private static final List<String> CHAT_FIELDS = List.of("model", "messages", "max_tokens",
            "max_completion_tokens", "temperature", "top_p", "seed", "stop", "stream", "stream_options", "n", "tools",
            "logprobs", "top_logprobs", "reasoning_effort", "reasoning", "thinking", "chat_template_kwargs",
            "thinking_token_budget", "thinking_budget_tokens", "reasoning_budget_tokens", "reasoning_budget_message",
            "max_thinking_tokens", "think", "thinkgate", "response_format", "grammar");
    private static final List<String> COMPLETION_FIELDS = List.of("model", "prompt", "max_tokens", "temperature",
            "top_p", "seed", "stop", "stream", "n", "best_of", "logprobs", "echo", "suffix", "grammar");

    private final HostileJson json;
    private final HostileSchemas schemas;
    private final HostileGrammars grammars;
    private final Random random;

    HostileRequests(long seed) {
        this.random = new Random(seed);
        this.json = new HostileJson(random);
        this.schemas = new HostileSchemas(json);
        this.grammars = new HostileGrammars(json);
    }

    Request next() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> chat(schemaRequest());
            case 3 -> chat(knownFatalSchema());
            case 4 -> random.nextBoolean() ? chat(grammarRequest(chatBase())) : completion(grammarRequest(
                    completionBase()));
            case 5, 6 -> chat(mutated(chatBase(), CHAT_FIELDS));
            case 7 -> completion(mutated(completionBase(), COMPLETION_FIELDS));
            case 8 -> chat(hostileMessages());
            default -> new Request(random.nextBoolean() ? "/v1/chat/completions" : "/v1/completions", garbage());
        };
    }

    private ObjectNode chatBase() {
        ObjectNode body = NODES.objectNode();
        body.set("messages", NODES.arrayNode().add(NODES.objectNode().put("role", "user").put("content", "6*7?")));
        body.put("max_tokens", 1 + random.nextInt(24));
        if (random.nextBoolean()) {
            body.put("reasoning_effort", "none");
        }
        if (random.nextInt(4) == 0) {
            body.put("stream", true);
        }
        return body;
    }

    private ObjectNode completionBase() {
        ObjectNode body = NODES.objectNode().put("prompt", "Hmm").put("max_tokens", 1 + random.nextInt(24));
        if (random.nextInt(4) == 0) {
            body.put("stream", true);
        }
        return body;
    }

    private ObjectNode schemaRequest() {
        return withSchema(chatBase(), schemas.schema(1 + random.nextInt(5)));
    }

    private ObjectNode knownFatalSchema() {
        String schema = HostileSchemas.KNOWN_FATAL.get(random.nextInt(HostileSchemas.KNOWN_FATAL.size()));
        try {
            return withSchema(chatBase(), new com.fasterxml.jackson.databind.ObjectMapper().readTree(schema));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode withSchema(ObjectNode body, JsonNode schema) {
        ObjectNode format = NODES.objectNode().put("type", "json_schema");
        format.set("json_schema", NODES.objectNode().put("name", "fuzz").set("schema", schema));
        body.set("response_format", format);
        return body;
    }

    private ObjectNode grammarRequest(ObjectNode body) {
        body.put("grammar", grammars.grammar());
        return body;
    }

    private ObjectNode mutated(ObjectNode body, List<String> fields) {
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            String field = fields.get(random.nextInt(fields.size()));
            if (random.nextInt(5) == 0) {
                body.remove(field);
            } else {
                body.set(field, json.value(3));
            }
        }
        return body;
    }

    private ObjectNode hostileMessages() {
        ObjectNode body = chatBase();
        ArrayNode messages = NODES.arrayNode();
        int count = random.nextInt(10) == 0 ? 1_000 : 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            ObjectNode message = NODES.objectNode();
            message.put("role", random.nextInt(4) == 0 ? json.string() : List.of("user", "assistant", "system",
                    "developer").get(random.nextInt(4)));
            message.set("content", random.nextInt(3) == 0 ? json.value(2) : NODES.textNode(json.string()));
            messages.add(message);
        }
        body.set("messages", messages);
        return body;
    }

    private String garbage() {
        return switch (random.nextInt(5)) {
            case 0 -> json.randomChars(random.nextInt(200));
            case 1 -> "[".repeat(2_000 + random.nextInt(10_000));
            case 2 -> "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":" + "9".repeat(1_001) + "}";
            case 3 -> json.value(4).toString();
            default -> chatBase().toString().substring(0, 1 + random.nextInt(30));
        };
    }

    private static Request chat(ObjectNode body) {
        return new Request("/v1/chat/completions", body.toString());
    }

    private static Request completion(ObjectNode body) {
        return new Request("/v1/completions", body.toString());
    }
}
