package io.thinkgate.api.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** A request message. {@code content} is a string or an array of text parts. */
public record ChatMessage(String role, JsonNode content, String name) {
}
