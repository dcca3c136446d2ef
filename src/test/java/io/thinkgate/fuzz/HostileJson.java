package io.thinkgate.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/** Random JSON values of the kinds that break servers: extreme numbers, odd strings, wrong shapes, deep nesting. */
final class HostileJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> STRINGS = List.of("", " ", "none", "think", "no_think", "thoughts", "auto",
            "enabled", "disabled", "adaptive", "low", "high", "max", "text", "json_object", "json_schema", "user",
            "assistant", "system", "tool", "\u0000", "\uD83D\uDE00", "\uD800", "<think>", "</think>", "<STOP>",
            "%ZZ", "../../etc/passwd", "${jndi:ldap://127.0.0.1/x}", "\\", "\"", "\n\n", "thinkgate-demo", "demo");

    private final Random random;

    HostileJson(Random random) {
        this.random = random;
    }

    Random random() {
        return random;
    }

    JsonNode value(int depth) {
        return switch (random.nextInt(depth <= 0 ? 4 : 7)) {
            case 0 -> number();
            case 1 -> NODES.textNode(string());
            case 2 -> random.nextBoolean() ? NODES.nullNode() : NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.numberNode(random.nextInt(7) - 1);
            case 4 -> array(depth - 1);
            case 5 -> object(depth - 1);
            default -> deep(random.nextInt(40) + 1);
        };
    }

    JsonNode number() {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.numberNode(Integer.MAX_VALUE);
            case 1 -> NODES.numberNode(Integer.MIN_VALUE);
            case 2 -> NODES.numberNode(Long.MAX_VALUE);
            case 3 -> NODES.numberNode(new BigDecimal("1e400"));
            case 4 -> NODES.numberNode(-1);
            case 5 -> NODES.numberNode(0);
            case 6 -> NODES.numberNode(1.5);
            case 7 -> NODES.numberNode(new BigDecimal("1" + "0".repeat(random.nextInt(1_200))));
            case 8 -> NODES.numberNode(1_000_000_000);
            case 9 -> NODES.numberNode(-1e-9);
            default -> NODES.numberNode(random.nextInt(64));
        };
    }

    String string() {
        return switch (random.nextInt(8)) {
            case 0 -> "x".repeat(random.nextInt(100_000));
            case 1 -> randomChars(random.nextInt(40));
            default -> STRINGS.get(random.nextInt(STRINGS.size()));
        };
    }

    String randomChars(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            int codePoint = kind == 0 ? random.nextInt(0x20) : kind == 1 ? 0x80 + random.nextInt(0x10F000)
                    : 0x20 + random.nextInt(0x5F);
            if (codePoint < 0xD800 || codePoint > 0xDFFF) {
                text.appendCodePoint(codePoint);
            }
        }
        return text.toString();
    }

    ArrayNode array(int depth) {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(10) == 0 ? random.nextInt(2_000) : random.nextInt(4);
        for (int i = 0; i < size; i++) {
            array.add(size > 100 ? NODES.numberNode(i) : value(depth));
        }
        return array;
    }

    ObjectNode object(int depth) {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            object.set(random.nextBoolean() ? string() : "k" + i, value(depth));
        }
        return object;
    }

    private JsonNode deep(int levels) {
        JsonNode node = NODES.numberNode(1);
        for (int i = 0; i < levels; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }
}
