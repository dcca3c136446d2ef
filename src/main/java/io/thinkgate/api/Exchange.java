package io.thinkgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinkgate.api.wire.ErrorResponse;
import io.thinkgate.engine.EngineUnavailableException;
import io.thinkgate.generation.Cancellation;
import io.thinkgate.generation.CancelledException;
import io.thinkgate.generation.CompletionResult;
import io.thinkgate.generation.Cutoff;
import io.thinkgate.generation.QueueFullException;
import io.thinkgate.generation.SlotScheduler;
import io.thinkgate.generation.TokenAllowance;
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
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One HTTP exchange of a completion endpoint: it holds the slot, cancels the generation when the client leaves,
 * and records the request's meters once the reply is done, streamed or not.
 */
final class Exchange {

    private static final Logger LOG = Logger.getLogger(Exchange.class);

    private final String id;
    private final String endpoint;
    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final long startNanos = System.nanoTime();
    private final Cancellation cancellation = new Cancellation();
    private final AtomicReference<SlotScheduler.Lease> streamLease = new AtomicReference<>();
    private final TokenAllowance allowance;
    private final Consumer<CompletionResult> usage;

    /**
     * @param allowance what the request's API key may still spend, told of its tokens as they are generated
     * @param usage told of each completed reply, to charge its tokens
     */
    Exchange(String endpoint, String idPrefix, GatewayMetrics metrics, ObjectMapper mapper, RoutingContext routing,
            TokenAllowance allowance, Consumer<CompletionResult> usage) {
        this.id = idPrefix + UUID.randomUUID().toString().replace("-", "");
        this.endpoint = endpoint;
        this.metrics = metrics;
        this.mapper = mapper;
        this.allowance = allowance;
        this.usage = usage;
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

    /** Runs {@code action} once the exchange is over: its reply written, or its client gone. */
    void onEnd(Runnable action) {
        cancellation.onCancel(action);
    }

    /** The reply's id ({@code chatcmpl-…}), also the request's id in the access log and {@code X-Request-Id}. */
    String id() {
        return id;
    }

    long startNanos() {
        return startNanos;
    }

    /** Cancelled when the exchange is over (its reply written, or its client gone): work before the reply stops. */
    Cancellation cancellation() {
        return cancellation;
    }

    /** What the request's key may still spend, for the generation to charge its tokens to. */
    TokenAllowance allowance() {
        return allowance;
    }

    /** Runs a non-streamed completion in a slot and records its outcome. */
    CompletionResult run(ServedModel model, boolean reasoningModel, Function<Cancellation, CompletionResult> body) {
        try (SlotScheduler.Lease lease = model.scheduler().acquire(cancellation)) {
            CompletionResult result = body.apply(cancellation);
            completed(result, reasoningModel);
            return result;
        } catch (RuntimeException e) {
            RuntimeException answer = translated(e);
            refused(answer);
            throw answer;
        }
    }

    /**
     * Takes a slot now, so that a full queue is still answered with 429, and streams the reply from it. The slot is
     * given back when the stream ends or the connection closes, whichever comes first.
     */
    Response stream(ServedModel model, boolean reasoningModel, BiFunction<SseSink, Cancellation, CompletionResult> body) {
        SlotScheduler.Lease lease;
        try {
            lease = model.scheduler().acquire(cancellation);
        } catch (RuntimeException e) {
            refused(e);
            throw e;
        }
        streamLease.set(lease);
        if (cancellation.isCancelled()) {
            end();
            refused(new CancelledException());
            throw new CancelledException();
        }
        StreamingOutput output = out -> {
            SseSink sink = new SseSink(out, mapper);
            try {
                completed(body.apply(sink, cancellation), reasoningModel);
            } catch (CancelledException | UncheckedIOException e) {
                cancellation.cancel();
                refused(new CancelledException());
                return;
            } catch (RuntimeException e) {
                RuntimeException answer = translated(e);
                refused(answer);
                sink.data(errorEvent(answer));
            } finally {
                lease.close();
            }
            sink.done();
        };
        return Response.ok(output, "text/event-stream").header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no").header("X-Request-Id", id).build();
    }

    /** Records a request that ended without a completion: refused, rate limited, failed or left by its client. */
    void refused(RuntimeException e) {
        long nanos = System.nanoTime() - startNanos;
        RuntimeException answer = answer(e);
        metrics.request(endpoint, outcome(answer), Duration.ofNanos(nanos));
        AccessLog.refused(id, endpoint, status(answer), code(answer), nanos);
    }

    private void completed(CompletionResult result, boolean reasoningModel) {
        long nanos = System.nanoTime() - startNanos;
        metrics.request(endpoint, outcome(result.cutoff()), Duration.ofNanos(nanos));
        AccessLog.completed(id, endpoint, result, reasoningModel, nanos);
        usage.accept(result);
    }

    /** An engine that cannot serve now is a 503 the client may retry; where it is stays in the log. */
    private static RuntimeException translated(RuntimeException e) {
        if (e instanceof EngineUnavailableException) {
            LOG.warn(e.getMessage());
        }
        return answer(e);
    }

    /** What the client is told of {@code e}: an engine that cannot serve is the 503 it may retry. */
    private static RuntimeException answer(RuntimeException e) {
        return e instanceof EngineUnavailableException ? ApiException.engineUnavailable() : e;
    }

    private static ErrorResponse errorEvent(RuntimeException e) {
        if (e instanceof ApiException api) {
            return new ErrorResponse(new ErrorResponse.Body(api.getMessage(), api.type(), api.param(), api.code()));
        }
        LOG.error("Streamed generation failed", e);
        return new ErrorResponse(new ErrorResponse.Body("The generation failed", "server_error", null,
                "internal_error"));
    }

    private static String outcome(Cutoff cutoff) {
        return switch (cutoff) {
            case NONE -> "ok";
            case DEADLINE -> "timed_out";
            case QUOTA -> "quota_exhausted";
        };
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

    private static int status(RuntimeException e) {
        if (e instanceof QueueFullException) {
            return 429;
        }
        if (e instanceof CancelledException) {
            return 499;
        }
        return e instanceof ApiException api ? api.status() : 500;
    }

    private static String code(RuntimeException e) {
        if (e instanceof QueueFullException) {
            return "queue_full";
        }
        if (e instanceof CancelledException) {
            return "cancelled";
        }
        return e instanceof ApiException api ? api.code() : "internal_error";
    }
}
