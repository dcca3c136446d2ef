package io.thinkgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.thinkgate.api.wire.ErrorResponse;
import io.thinkgate.telemetry.GatewayMetrics;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * OpenAI's error envelope for the errors that Vert.x raises before any resource runs (a missing Host header, a URL
 * that cannot be decoded, a failure after a resource gave up), and the one writer of that envelope below JAX-RS,
 * shared with {@link BodyReader} and {@link RequestLimits}.
 */
@ApplicationScoped
public class HttpErrors {

    private static final Logger LOG = Logger.getLogger(HttpErrors.class);

    /** The statuses Vert.x may answer by itself when no failure handler took the failure. */
    private static final int[] ROUTER_STATUSES = {400, 404, 405, 406, 408, 413, 414, 415, 431, 500};

    /** HTTP/2's CANCEL error code, for a stream given up on. */
    private static final long CANCEL = 0x8;

    private static final Pattern BAD_PERCENT_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    static final String INSUFFICIENT_QUOTA = "insufficient_quota";

    private final ObjectMapper mapper;
    private final GatewayMetrics metrics;

    public HttpErrors(ObjectMapper mapper, GatewayMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        for (int status : ROUTER_STATUSES) {
            router.errorHandler(status, context -> answer(context, status, context.failure()));
        }
    }

    /** The {@code code} of an error sent with this status when nothing more specific is known. */
    static String code(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 413 -> "request_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
    }

    static String type(int status) {
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    /**
     * Sends the envelope, unless a response has begun already; with {@code close}, or while the request's body is
     * still to come (its bytes would be read as the next request), an HTTP/1 connection is closed once the reply is
     * out; otherwise it is kept. (An HTTP/2 stream ends with its reply, and its connection carries other streams.)
     */
    void send(RoutingContext context, int status, String code, String message, boolean close) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        boolean closing = (close || BodyReader.bodyPending(request)) && request.version() != HttpVersion.HTTP_2;
        if (response.headWritten() || response.closed()) {
            if (!response.closed()) {
                abandon(request);
            }
            return;
        }
        metrics.request(endpoint(request), status >= 500 ? "server_error" : "client_error", Duration.ZERO);
        // OpenAI gives a spent quota a type of its own, so that clients can tell it from a wait-and-retry 429.
        String type = INSUFFICIENT_QUOTA.equals(code) ? INSUFFICIENT_QUOTA : type(status);
        String body;
        try {
            body = mapper.writeValueAsString(
                    new ErrorResponse(new ErrorResponse.Body(message, type, null, code)));
        } catch (JsonProcessingException e) {
            body = "{\"error\":{\"message\":\"The request failed\",\"type\":\"" + type
                    + "\",\"param\":null,\"code\":\"" + code + "\"}}";
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        if (closing) {
            response.putHeader("Connection", "close");
        }
        response.end(body).onComplete(done -> {
            if (closing) {
                request.connection().close();
            }
        });
    }

    private void failed(RoutingContext context) {
        Throwable failure = context.failure();
        int status = context.statusCode();
        if (status == -1) {
            status = failure instanceof HttpException ? ((HttpException) failure).getStatusCode() : 500;
        }
        answer(context, status, failure);
    }

    private void answer(RoutingContext context, int status, Throwable failure) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        if ((failure != null && Disconnects.clientGone(failure)) || response.closed()) {
            LOG.debugf("%s %s: the client went away (%s)", request.method(), safePath(request), failure);
            return;
        }
        if (status >= 500) {
            LOG.errorf(failure, "Request %s %s failed", request.method(), safePath(request));
        }
        if (response.headWritten()) {
            LOG.debugf("%s %s failed after its reply began; closing the connection", request.method(),
                    safePath(request));
            abandon(request);
            return;
        }
        send(context, status, code(status), message(request, status, failure), status >= 500);
    }

    private static String message(HttpServerRequest request, int status, Throwable failure) {
        String uri = request.uri() == null ? "" : request.uri();
        switch (status) {
            case 400:
                if (BAD_PERCENT_ESCAPE.matcher(uri).find()) {
                    return "The request URL has a malformed percent-escape: '%' must be followed by two hex digits";
                }
                // Vert.x's own refusals (a missing Host header, an empty path) explain themselves.
                if (failure instanceof VertxException && failure.getMessage() != null) {
                    return ApiException.bounded(failure.getMessage());
                }
                return "The request is malformed";
            case 404:
                return "Unknown request URL: " + request.method() + " " + ApiException.echo(safePath(request));
            case 405:
                return request.method() + " is not allowed on " + ApiException.echo(safePath(request));
            case 500:
                return "The server failed to process the request";
            default:
                return HttpResponseStatus.valueOf(status).reasonPhrase();
        }
    }

    /** Gives up on a request whose reply cannot be finished: an HTTP/2 stream is reset, an HTTP/1 connection closed. */
    static void abandon(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset(CANCEL);
        } else {
            request.connection().close();
        }
    }

    private static String endpoint(HttpServerRequest request) {
        return Endpoints.of(safePath(request));
    }

    /** The path, or the raw URI where the path cannot be decoded. */
    static String safePath(HttpServerRequest request) {
        try {
            String path = request.path();
            return path == null ? "" : path;
        } catch (RuntimeException e) {
            return request.uri() == null ? "" : request.uri();
        }
    }
}
