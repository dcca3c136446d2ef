package io.thinkgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinkgate.api.wire.ErrorResponse;
import io.thinkgate.generation.Cancellation;
import io.thinkgate.generation.CancelledException;
import io.thinkgate.generation.QueueFullException;
import io.thinkgate.generation.SlotScheduler;
import io.thinkgate.serving.ServedModel;
import io.thinkgate.telemetry.GatewayMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One HTTP exchange of a completion endpoint: it holds the slot, cancels the generation when the client leaves,
 * and records the request's meters once the reply is done, streamed or not.
 */
final class Exchange {

    private static final Logger LOG = Logger.getLogger(Exchange.class);

    private final String endpoint;
    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final long startNanos = System.nanoTime();
    private final Cancellation cancellation = new Cancellation();
    private final AtomicReference<SlotScheduler.Lease> streamLease = new AtomicReference<>();

    Exchange(String endpoint, GatewayMetrics metrics, ObjectMapper mapper, RoutingContext routing) {
        this.endpoint = endpoint;
        this.metrics = metrics;
        this.mapper = mapper;
        watch(routing);
    }

    /**
     * Cancels the generation and frees a streamed reply's slot when the exchange ends. The handler is added on the
     * connection's event loop, which owns the routing context; a connection that closed before that is noticed too.
     */
    private void watch(RoutingContext routing) {
        Runnable register = () -> {
            routing.addEndHandler(ended -> end());
            if (routing.response().closed()) {
                end();
            }
        };
        Context context = Vertx.currentContext();
        if (context == null || Context.isOnEventLoopThread()) {
            register.run();
        } else {
            context.runOnContext(ignored -> register.run());
        }
    }

    private void end() {
        cancellation.cancel();
        SlotScheduler.Lease lease = streamLease.getAndSet(null);
        if (lease != null) {
            lease.close();
        }
    }

    long startNanos() {
        return startNanos;
    }

    /** Runs a non-streamed completion in a slot and records its outcome. */
    <T> T respond(ServedModel model, Function<Cancellation, T> body) {
        try (SlotScheduler.Lease lease = model.scheduler().acquire(cancellation)) {
            T reply = body.apply(cancellation);
            record("ok");
            return reply;
        } catch (RuntimeException e) {
            record(outcome(e));
            throw e;
        }
    }

    /**
     * Takes a slot now, so that a full queue is still answered with 429, and streams the reply from it. The slot is
     * given back when the stream ends or the connection closes, whichever comes first.
     */
    Response stream(ServedModel model, BiConsumer<SseSink, Cancellation> body) {
        SlotScheduler.Lease lease;
        try {
            lease = model.scheduler().acquire(cancellation);
        } catch (RuntimeException e) {
            record(outcome(e));
            throw e;
        }
        streamLease.set(lease);
        if (cancellation.isCancelled()) {
            end();
            record("cancelled");
            throw new CancelledException();
        }
        StreamingOutput output = out -> {
            SseSink sink = new SseSink(out, mapper);
            try {
                body.accept(sink, cancellation);
                record("ok");
            } catch (CancelledException | UncheckedIOException e) {
                cancellation.cancel();
                record("cancelled");
                return;
            } catch (RuntimeException e) {
                record(outcome(e));
                sink.data(errorEvent(e));
            } finally {
                lease.close();
            }
            sink.done();
        };
        return Response.ok(output, "text/event-stream").header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no").build();
    }

    /** Records a request refused before any work started. */
    void refused(RuntimeException e) {
        record(outcome(e));
    }

    private static ErrorResponse errorEvent(RuntimeException e) {
        if (e instanceof ApiException api) {
            return new ErrorResponse(new ErrorResponse.Body(api.getMessage(), api.type(), api.param(), api.code()));
        }
        LOG.error("Streamed generation failed", e);
        return new ErrorResponse(new ErrorResponse.Body("The generation failed", "server_error", null,
                "internal_error"));
    }

    private void record(String outcome) {
        metrics.request(endpoint, outcome, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static String outcome(RuntimeException e) {
        if (e instanceof QueueFullException) {
            return "rate_limited";
        }
        if (e instanceof CancelledException) {
            return "cancelled";
        }
        if (e instanceof ApiException api) {
            return api.status() < 500 ? "client_error" : "server_error";
        }
        return "server_error";
    }
}
