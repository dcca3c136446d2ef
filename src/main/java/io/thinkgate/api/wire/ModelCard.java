package io.thinkgate.api.wire;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** An entry of {@code /v1/models}. {@code meta} is llama.cpp-style extra information. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelCard(String id, String object, long created, String ownedBy, ModelMeta meta) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelMeta(String description, boolean reasoning, int contextSize, int slots,
            List<String> aliases) {
    }
}
