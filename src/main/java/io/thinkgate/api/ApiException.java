package io.thinkgate.api;

/** A request the API refuses, answered in OpenAI's error format. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    /** Longest message sent back: values a client sent are echoed in messages, and may be megabytes long. */
    static final int MAX_MESSAGE_CHARS = 1_000;

    public ApiException(int status, String type, String param, String code, String message) {
        super(bounded(message), null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static ApiException invalid(String param, String message) {
        return new ApiException(400, "invalid_request_error", param, "invalid_value", message);
    }

    public static ApiException invalid(String param, String code, String message) {
        return new ApiException(400, "invalid_request_error", param, code, message);
    }

    public static ApiException unsupported(String param, String message) {
        return new ApiException(400, "invalid_request_error", param, "unsupported_parameter", message);
    }

    public static ApiException modelNotFound(String model) {
        return new ApiException(404, "invalid_request_error", "model", "model_not_found",
                "The model " + echo(model) + " does not exist");
    }

    /** The engine cannot serve now (a llama-server that is down); where it is stays in the server's log. */
    public static ApiException engineUnavailable() {
        return new ApiException(503, "server_error", null, "engine_unavailable",
                "The inference engine is unavailable; retry shortly");
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "server_error", null, "model_not_ready", message);
    }

    /** A client's value, quoted for a message, and cut short when long. */
    static String echo(String value) {
        int max = 64;
        return value.length() <= max ? "'" + value + "'"
                : "'" + value.substring(0, max) + "…' (" + value.length() + " characters)";
    }

    static String bounded(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_CHARS) + "… (" + message.length() + " characters, cut)";
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
