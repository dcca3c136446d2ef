package io.thinkgate.api.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code {"type": "text" | "json_object" | "json_schema", "json_schema": {"name", "schema", "strict"}}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResponseFormat(String type, JsonSchemaFormat jsonSchema) {

    public record JsonSchemaFormat(String name, JsonNode schema, Boolean strict) {
    }
}
