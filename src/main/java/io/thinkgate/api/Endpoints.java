package io.thinkgate.api;

/** The {@code endpoint} label of request metrics; a bounded set, whatever path a client sends. */
final class Endpoints {

    static final String CHAT_COMPLETIONS = "chat_completions";
    static final String COMPLETIONS = "completions";
    static final String OTHER = "other";

    private Endpoints() {
    }

    static String of(String path) {
        return switch (path) {
            case "/v1/chat/completions" -> CHAT_COMPLETIONS;
            case "/v1/completions" -> COMPLETIONS;
            default -> OTHER;
        };
    }
}
