package io.thinkgate.api;

import io.thinkgate.api.wire.InterruptReply;
import io.thinkgate.api.wire.InterruptRequest;
import io.thinkgate.generation.Interrupt;
import io.thinkgate.generation.InterruptHandle;
import io.thinkgate.generation.RunningRequests;
import io.thinkgate.telemetry.GatewayMetrics;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * Interrupts a running chat completion that opted in with {@code thinkgate.interruptible: true}: answer now, hurry
 * up, or here is new information. With API keys, only a caller with the request's own key may act (for any other
 * the request doesn't exist: 404); with keys off, anyone who knows the reply id (a random UUID).
 */
@Path("/v1/chat/completions/{id}/interrupt")
public class InterruptResource {

    /** The longest update text: it goes into the model's context. */
    static final int MAX_UPDATE_CHARS = 8_000;

    private final RunningRequests running;
    private final GatewayMetrics metrics;

    public InterruptResource(RunningRequests running, GatewayMetrics metrics) {
        this.running = running;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public InterruptReply interrupt(@PathParam("id") String id, InterruptRequest body,
            @Context RoutingContext routing) {
        Interrupt interrupt = interrupt(body);
        RunningRequests.Entry entry = running.find(id).filter(e -> e.caller().equals(ApiKeys.keyName(routing)))
                .orElseThrow(() -> notFound(id));
        InterruptHandle handle = entry.interrupts().orElseThrow(() -> new ApiException(400, "invalid_request_error",
                "id", "not_interruptible", "The request " + ApiException.echo(id) + " did not opt in to interrupts "
                + "(thinkgate.interruptible: true)"));
        InterruptHandle.Offer offer = handle.offer(interrupt);
        if (offer instanceof InterruptHandle.Offer.NotThinking not) {
            if (not.phase() == InterruptHandle.Phase.FINISHED) {
                throw notFound(id);
            }
            throw new ApiException(409, "invalid_request_error", "id", "not_thinking", "The request "
                    + ApiException.echo(id) + " has left its thinking phase and is answering: " + interrupt.wireName()
                    + " changes nothing");
        }
        InterruptHandle.Offer.Accepted accepted = (InterruptHandle.Offer.Accepted) offer;
        metrics.interrupt(interrupt.wireName());
        return new InterruptReply(id, "chat.completion.interrupt", interrupt.wireName(), "accepted",
                accepted.phase().wireName(), accepted.reasoningTokens());
    }

    private static Interrupt interrupt(InterruptRequest body) {
        if (body == null || body.action() == null) {
            throw ApiException.invalid("action", "'action' is required: answer_now, hurry or update");
        }
        switch (body.action()) {
            case "answer_now":
                return new Interrupt.AnswerNow();
            case "hurry":
                if (body.remainingTokens() == null || body.remainingTokens() < 0) {
                    throw ApiException.invalid("remaining_tokens",
                            "'hurry' needs 'remaining_tokens', the reasoning tokens still allowed (0 or more)");
                }
                return new Interrupt.Hurry(body.remainingTokens());
            case "update":
                if (body.text() == null || body.text().isBlank()) {
                    throw ApiException.invalid("text", "'update' needs 'text', the new information");
                }
                if (body.text().length() > MAX_UPDATE_CHARS) {
                    throw ApiException.invalid("text", "'text' takes at most " + MAX_UPDATE_CHARS + " characters");
                }
                return new Interrupt.Update(body.text());
            default:
                throw ApiException.invalid("action", "'action' must be one of answer_now, hurry, update; got "
                        + ApiException.echo(body.action()));
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "invalid_request_error", "id", "request_not_found",
                "No running request has the id " + ApiException.echo(id));
    }
}
