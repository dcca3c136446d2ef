package io.thinkgate.engine;

/** One message of a conversation, as the chat template sees it. */
public record ChatTurn(String role, String content) {
}
