package io.thinkgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.thinkgate.api.wire.ErrorResponse;
import io.thinkgate.generation.CancelledException;
import io.thinkgate.generation.QueueFullException;
import io.thinkgate.config.ThinkGateConfig;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/** Turns every failure into OpenAI's error envelope; no stack trace ever reaches a client. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final ThinkGateConfig config;

    public ErrorMappers(ThinkGateConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.type(), e.param(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response queueFull(QueueFullException e) {
        return Response.fromResponse(respond(429, "rate_limit_error", null, "queue_full", e.getMessage()))
                .header("Retry-After", config.engine().retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response cancelled(CancelledException e) {
        return respond(499, "invalid_request_error", null, "cancelled", e.getMessage());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (malformed(e)) {
            return respond(400, "invalid_request_error", null, "invalid_json",
                    "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String param = path(mapping);
            return respond(400, "invalid_request_error", param, "invalid_type",
                    "Invalid value for '" + param + "': " + e.getOriginalMessage());
        }
        return respond(400, "invalid_request_error", null, "invalid_type", "The request body must be a JSON object");
    }

    /** Quarkus maps this subtype itself, with an empty body, unless a mapper names it exactly. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, Request request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        String message = switch (status) {
            case 404 -> "Unknown request URL: " + request.getMethod() + " " + uri.getRequestUri().getPath();
            case 405 -> request.getMethod() + " is not allowed on " + uri.getRequestUri().getPath();
            case 415 -> "Send the request body as application/json";
            default -> e.getMessage();
        };
        return respond(status, status >= 500 ? "server_error" : "invalid_request_error", null, code, message);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Request failed", e);
        return respond(500, "server_error", null, "internal_error", "The server failed to process the request");
    }

    static Response respond(int status, String type, String param, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(new ErrorResponse.Body(message, type, param, code))).build();
    }

    private static boolean malformed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException) {
                return true;
            }
        }
        return false;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }
}
