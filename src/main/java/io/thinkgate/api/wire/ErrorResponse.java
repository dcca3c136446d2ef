package io.thinkgate.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error envelope: {@code {"error": {"message", "type", "param", "code"}}}. */
public record ErrorResponse(Body error) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code) {
    }
}
