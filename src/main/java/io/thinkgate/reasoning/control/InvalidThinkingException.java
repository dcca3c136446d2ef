package io.thinkgate.reasoning.control;

import java.util.List;

/** A request's thinking fields are malformed or contradict each other; {@code params} names the fields involved. */
public final class InvalidThinkingException extends RuntimeException {

    private final List<String> params;

    public InvalidThinkingException(String message, String... params) {
        super(message, null, false, false);
        this.params = List.of(params);
    }

    public List<String> params() {
        return params;
    }
}
