package io.thinkgate.grammar.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.grammar.GrammarException;
import io.thinkgate.grammar.GrammarLimits;

import java.util.ArrayDeque;
import java.util.Deque;

/** Counts a schema's JSON values and nesting before any work depends on them; iterative, so depth costs no stack. */
final class SchemaSize {

    /** A schema level takes up to four JSON levels ({@code properties}, a name, {@code items}, a list). */
    private static final int JSON_LEVELS_PER_SCHEMA = 4;

    private SchemaSize() {
    }

    static void check(JsonNode schema, GrammarLimits limits) {
        int maxJsonDepth = JSON_LEVELS_PER_SCHEMA * limits.maxSchemaDepth();
        Deque<JsonNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(schema);
        depths.push(1);
        long count = 0;
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            int depth = depths.pop();
            if (++count > limits.maxSchemaNodes()) {
                throw new GrammarException("#", "the schema has more than " + limits.maxSchemaNodes()
                        + " JSON values; at most " + limits.maxSchemaNodes() + " are accepted");
            }
            if (depth > maxJsonDepth) {
                throw new GrammarException("#", "the schema nests JSON deeper than " + maxJsonDepth + " levels");
            }
            for (JsonNode child : node) {
                nodes.push(child);
                depths.push(depth + 1);
            }
        }
    }
}
