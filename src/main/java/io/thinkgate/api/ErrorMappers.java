package io.thinkgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.thinkgate.api.wire.ErrorResponse;
import io.thinkgate.engine.EngineUnavailableException;
import io.thinkgate.generation.CancelledException;
import io.thinkgate.generation.QueueFullException;
import io.thinkgate.telemetry.GatewayMetrics;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns every failure into OpenAI's error envelope; no stack trace ever reaches a client. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** Jackson's StreamReadConstraints refusal: "Number value length (1001) exceeds the maximum allowed (1000, ...". */
    private static final Pattern CONSTRAINT = Pattern.compile(
            "^(Number value length|Document nesting depth|String value length|Name length|Document length|Token count)"
                    + " \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

    private final GatewayMetrics metrics;

    public ErrorMappers(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.type(), e.param(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response queueFull(QueueFullException e) {
        return Response.fromResponse(respond(429, "rate_limit_error", null, "queue_full", e.getMessage()))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response engineUnavailable(EngineUnavailableException e) {
        LOG.warn(e.getMessage());
        return api(ApiException.engineUnavailable());
    }

    @ServerExceptionMapper
    public Response cancelled(CancelledException e) {
        return respond(499, "invalid_request_error", null, "cancelled", e.getMessage());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        metrics.request(Endpoints.of(uri.getPath()), "client_error", Duration.ZERO);
        StreamConstraintsException limit = constraint(e);
        if (limit != null) {
            return respond(400, "invalid_request_error", null, "invalid_json",
                    "The request body is not accepted: " + describe(limit));
        }
        if (malformed(e)) {
            return respond(400, "invalid_request_error", null, "invalid_json",
                    "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String param = path(mapping);
            return respond(400, "invalid_request_error", param, "invalid_type",
                    "Invalid value for '" + param + "': " + expected(mapping));
        }
        return respond(400, "invalid_request_error", null, "invalid_type", "The request body must be a JSON object");
    }

    /** Quarkus maps this subtype itself, with an empty body, unless a mapper names it exactly. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, Request request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        metrics.request(Endpoints.of(uri.getPath()), status >= 500 ? "server_error" : "client_error", Duration.ZERO);
        String message = switch (status) {
            case 404 -> "Unknown request URL: " + request.getMethod() + " " + uri.getRequestUri().getPath();
            case 405 -> request.getMethod() + " is not allowed on " + uri.getRequestUri().getPath();
            case 406 -> "This server cannot reply in a media type the Accept header allows";
            case 415 -> "Send the request body as application/json";
            default -> status >= 500 ? "The server failed to process the request" : e.getMessage();
        };
        return respond(status, HttpErrors.type(status), null, HttpErrors.code(status), message);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (Disconnects.clientGone(e)) {
            // nobody reads this reply; the request is not a server error
            LOG.debugf("%s: the client went away (%s)", uri.getPath(), e);
            return respond(499, "invalid_request_error", null, "cancelled", "The client closed the connection");
        }
        LOG.error("Request failed", e);
        return respond(500, "server_error", null, "internal_error", "The server failed to process the request");
    }

    static Response respond(int status, String type, String param, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(new ErrorResponse.Body(message, type, param, code))).build();
    }

    private static StreamConstraintsException constraint(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return (StreamConstraintsException) cause;
            }
        }
        return null;
    }

    /** A parser limit in the client's terms: what was too big, by how much, and the limit. */
    static String describe(StreamConstraintsException e) {
        Matcher matcher = CONSTRAINT.matcher(String.valueOf(e.getOriginalMessage()));
        if (!matcher.find()) {
            return "it exceeds a limit of the JSON parser";
        }
        String found = matcher.group(2);
        String max = matcher.group(3);
        return switch (matcher.group(1)) {
            case "Number value length" -> "a number has " + found + " digits; numbers may have at most " + max
                    + " digits";
            case "Document nesting depth" -> "arrays and objects nest " + found + " deep; they may nest at most "
                    + max + " deep";
            case "String value length" -> "a string has " + found + " characters; strings may have at most " + max;
            case "Name length" -> "a field name has " + found + " characters; names may have at most " + max;
            case "Document length" -> "the document has " + found + " characters; at most " + max + " are accepted";
            default -> "it has " + found + " tokens; at most " + max + " are accepted";
        };
    }

    /** Broken JSON syntax, as opposed to valid JSON of the wrong shape. */
    private static boolean malformed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException) {
                return true;
            }
        }
        return false;
    }

    /** What the field should have been, in the client's terms rather than Java's. */
    private static String expected(JsonMappingException e) {
        if (e.getCause() instanceof InputCoercionException) {
            return "the number is out of range";
        }
        Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (type == null) {
            return "it has the wrong type";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "expected an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "expected a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "expected a boolean";
        }
        if (type == String.class) {
            return "expected a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "expected an array";
        }
        return "expected an object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }
}
