package io.thinkgate.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.thinkgate.config.ThinkGateConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reads each request body on the event loop before any resource runs, so that every way a body can go wrong is
 * answered here in OpenAI's error envelope rather than by Vert.x or RESTEasy with a bare status or a 500:
 * <ul>
 * <li>a body over {@code quarkus.http.limits.max-body-size}, announced by its Content-Length or found while it
 * arrives chunked: 413 {@code request_too_large};</li>
 * <li>a body that stops arriving for {@code thinkgate.http.body-timeout}: 408 {@code request_timeout} (a
 * Content-Length with no body once held a worker thread for a minute and ended in a 500);</li>
 * <li>a client that hangs up mid-body: one DEBUG line, and no resource ever runs.</li>
 * </ul>
 * The connection is closed after a 408 or 413, since the rest of the body is never read. RESTEasy takes the body
 * read here ({@code RoutingContext.body()}) instead of reading the request itself. An HTTP/2 body without a
 * Content-Length (h2c only; no client seen sends one) is left to RESTEasy, with none of the above.
 */
@ApplicationScoped
public class BodyReader {

    private static final Logger LOG = Logger.getLogger(BodyReader.class);

    static final String LIMIT_KEY = "quarkus.http.limits.max-body-size";
    static final String TIMEOUT_KEY = "thinkgate.http.body-timeout";

    private final HttpErrors errors;
    private final long limit;
    private final long timeoutNanos;
    private final boolean continuesAutomatically;

    public BodyReader(HttpErrors errors, ThinkGateConfig config,
            @ConfigProperty(name = LIMIT_KEY, defaultValue = "10240K") MemorySize limit,
            @ConfigProperty(name = "quarkus.http.handle-100-continue-automatically", defaultValue = "false")
            boolean continuesAutomatically) {
        this.errors = errors;
        this.limit = limit.asLongValue();
        this.timeoutNanos = config.http().bodyTimeout().toNanos();
        this.continuesAutomatically = continuesAutomatically;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this::read);
    }

    private void read(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader("Content-Length");
        long announced = length == null ? -1 : announced(length);
        if (announced > limit) {
            errors.send(context, 413, "request_too_large", "The request body has " + length
                    + " bytes; this server accepts at most " + limit + " (" + LIMIT_KEY + ")", true);
            return;
        }
        if (!bodyPending(request)) {
            context.next();
            return;
        }
        if (!continuesAutomatically && request.version() != HttpVersion.HTTP_1_0
                && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            context.response().writeContinue();
        }
        new Upload(context, request.version() == HttpVersion.HTTP_2 ? announced : -1).start();
    }

    /**
     * Whether body bytes are still to come: a Content-Length above 0, or an HTTP/1 chunked body, not all in. An
     * HTTP/2 body of unknown length counts as none: it is left to RESTEasy, because RESTEasy pauses the request
     * when it begins, which HTTP/2 refuses once the request has ended.
     */
    static boolean bodyPending(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        long announced = length == null ? -1 : announced(length);
        boolean chunked = request.version() != HttpVersion.HTTP_2 && request.headers().contains("Transfer-Encoding");
        return !request.isEnded() && (announced > 0 || (announced < 0 && chunked));
    }

    /** The Content-Length as a number, -1 if it is none; one too long to parse counts as over any limit. */
    private static long announced(String length) {
        if (length.isEmpty() || !length.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return length.length() > 18 ? Long.MAX_VALUE : Long.parseLong(length);
    }

    /** One body on its way in; every callback runs on the connection's event loop. */
    private final class Upload {

        private final RoutingContext context;
        private final HttpServerRequest request;
        private final Vertx vertx;
        private final Buffer body = Buffer.buffer();
        /** Hand the body over once this many bytes are in (HTTP/2), or at its end (-1, HTTP/1). */
        private final long handOverAt;
        private long lastArrival = System.nanoTime();
        private long timer;
        private boolean done;

        Upload(RoutingContext context, long handOverAt) {
            this.context = context;
            this.handOverAt = handOverAt;
            this.request = context.request();
            this.vertx = context.vertx();
        }

        void start() {
            request.handler(this::chunk).endHandler(ignored -> end()).exceptionHandler(this::failed);
            timer = vertx.setTimer(millis(timeoutNanos), ignored -> idle());
            request.resume();
        }

        private void chunk(Buffer chunk) {
            if (done) {
                return;
            }
            lastArrival = System.nanoTime();
            if ((long) body.length() + chunk.length() > limit) {
                finish();
                dropTheRest();
                errors.send(context, 413, "request_too_large",
                        "The request body is larger than this server accepts: at most " + limit + " bytes ("
                                + LIMIT_KEY + ")", true);
                return;
            }
            body.appendBuffer(chunk);
            if (handOverAt >= 0 && body.length() >= handOverAt) {
                end();
            }
        }

        @SuppressWarnings("deprecation") // RESTEasy reads a body another handler read through this
        private void end() {
            if (done) {
                return;
            }
            finish();
            context.setBody(body);
            context.next();
        }

        private void failed(Throwable failure) {
            if (done) {
                return;
            }
            finish();
            if (Disconnects.clientGone(failure)) {
                LOG.debugf("%s %s: the client went away after %d bytes of the body", request.method(),
                        HttpErrors.safePath(request), body.length());
            } else {
                LOG.debugf(failure, "%s %s: reading the body failed after %d bytes", request.method(),
                        HttpErrors.safePath(request), body.length());
            }
            if (!context.response().closed()) {
                HttpErrors.abandon(request);
            }
        }

        private void idle() {
            if (done) {
                return;
            }
            long silent = System.nanoTime() - lastArrival;
            if (silent < timeoutNanos) {
                timer = vertx.setTimer(millis(timeoutNanos - silent), ignored -> idle());
                return;
            }
            finish();
            dropTheRest();
            String timeout = format(Duration.ofNanos(timeoutNanos));
            LOG.debugf("%s %s: no body bytes for %s after %d of them; answering 408 and closing the connection",
                    request.method(), HttpErrors.safePath(request), timeout, body.length());
            errors.send(context, 408, "request_timeout", "The request body stopped arriving: nothing for " + timeout
                    + " after " + body.length() + " bytes (" + TIMEOUT_KEY + ")", true);
        }

        private void finish() {
            done = true;
            vertx.cancelTimer(timer);
        }

        /** What still arrives of a refused body is dropped; the connection closes after the answer. */
        private void dropTheRest() {
            request.handler(ignored -> {
            });
            request.endHandler(null);
        }
    }

    private static long millis(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
