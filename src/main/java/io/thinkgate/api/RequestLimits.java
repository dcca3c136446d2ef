package io.thinkgate.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/**
 * The request line and header limits ({@code quarkus.http.limits.max-initial-line-length} and
 * {@code max-header-size}), answered with 414 and 431 in OpenAI's error envelope.
 * <p>
 * Vert.x's HTTP codec refuses a request past its limits with a bare status before any handler runs, and Quarkus
 * offers no hook to that refusal ({@code HttpServer.invalidRequestHandler} is set before the server listens, out of
 * reach). So the codec's own limits are raised to a backstop ({@link #CODEC_LINE_BACKSTOP},
 * {@link #CODEC_HEADERS_BACKSTOP}), and the configured limits are checked here, first thing on the router. Requests
 * past the backstops still get the codec's bare 414 or 431.
 */
@ApplicationScoped
public class RequestLimits implements HttpServerOptionsCustomizer {

    static final String LINE_KEY = "quarkus.http.limits.max-initial-line-length";
    static final String HEADERS_KEY = "quarkus.http.limits.max-header-size";

    /** The codec's request line limit: what a client may make the server buffer before it is refused. */
    static final int CODEC_LINE_BACKSTOP = 64 * 1024;
    static final int CODEC_HEADERS_BACKSTOP = 256 * 1024;

    private final HttpErrors errors;
    private final int maxLine;
    private final int maxHeaders;

    public RequestLimits(HttpErrors errors, @ConfigProperty(name = LINE_KEY, defaultValue = "4096") int maxLine,
            @ConfigProperty(name = HEADERS_KEY, defaultValue = "20K") MemorySize maxHeaders) {
        this.errors = errors;
        this.maxLine = maxLine;
        this.maxHeaders = maxHeaders.asBigInteger().intValueExact();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setMaxInitialLineLength(Math.max(maxLine, CODEC_LINE_BACKSTOP));
        options.setMaxHeaderSize(Math.max(maxHeaders, CODEC_HEADERS_BACKSTOP));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        // "GET /v1/models HTTP/1.1": the method, the URI and the version, as the codec counts it
        long line = request.method().name().length() + 1L + request.uri().length() + 1L + "HTTP/1.1".length();
        if (line > maxLine) {
            errors.send(context, 414, "uri_too_long", "The request URL is too long: the request line has " + line
                    + " bytes; this server accepts at most " + maxLine + " (" + LINE_KEY + ")", true);
            return;
        }
        long headers = headerBytes(request.headers());
        if (headers > maxHeaders) {
            errors.send(context, 431, "headers_too_large", "The request headers have " + headers
                    + " bytes; this server accepts at most " + maxHeaders + " (" + HEADERS_KEY + ")", true);
            return;
        }
        context.next();
    }

    /** Each header line as sent, {@code name: value}, without its line break. */
    private static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + 2L + header.getValue().length();
        }
        return bytes;
    }
}
