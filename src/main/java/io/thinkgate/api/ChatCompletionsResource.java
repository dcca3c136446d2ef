package io.thinkgate.api;

import io.thinkgate.api.wire.ChatCompletion;
import io.thinkgate.api.wire.ChatCompletionChunk;
import io.thinkgate.api.wire.ChatCompletionRequest;
import io.thinkgate.api.wire.ChatLogprobs;
import io.thinkgate.api.wire.ThinkGateReport;
import io.thinkgate.api.wire.Usage;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.TokenLogprob;
import io.thinkgate.generation.CompletionJob;
import io.thinkgate.generation.CompletionResult;
import io.thinkgate.generation.CompletionService;
import io.thinkgate.generation.Interrupt;
import io.thinkgate.generation.InterruptHandle;
import io.thinkgate.generation.GenerationListener;
import io.thinkgate.generation.RunningRequests;
import io.thinkgate.reasoning.policy.AutoDecision;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;

@Path("/v1/chat/completions")
public class ChatCompletionsResource {

    private final ChatRequestReader reader;
    private final CompletionService completions;
    private final Exchanges exchanges;
    private final RunningRequests running;
    private final AutoThinking auto;

    public ChatCompletionsResource(ChatRequestReader reader, CompletionService completions, Exchanges exchanges,
            RunningRequests running, AutoThinking auto) {
        this.reader = reader;
        this.completions = completions;
        this.exchanges = exchanges;
        this.running = running;
        this.auto = auto;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ChatCompletionRequest body, @Context RoutingContext routing) {
        Exchange exchange = exchanges.open(Endpoints.CHAT_COMPLETIONS, "chatcmpl-", routing);
        ChatCall call;
        try {
            call = reader.read(body, exchange, ApiKeys.policy(routing));
        } catch (RuntimeException e) {
            exchange.refused(e);
            throw e;
        }
        String id = exchange.id();
        long created = Instant.now().getEpochSecond();
        String model = call.model().id();
        CompletionJob job = call.job();
        // Over once the reply is written or the client is gone: a finished request is no longer controllable.
        exchange.onEnd(running.register(id, job.interrupts(), ApiKeys.keyName(routing))::close);
        if (!call.stream()) {
            CompletionResult result = exchange.run(call.model(), job.reasoningModel(),
                    cancellation -> completions.run(call.model().engine(), job, GenerationListener.IGNORE, cancellation,
                            exchange.allowance()));
            ChatCompletion.AssistantMessage message = new ChatCompletion.AssistantMessage("assistant",
                    result.content(), reasoningOrNull(result), reasoningOrNull(result));
            return Response.ok(new ChatCompletion(id, "chat.completion", created, model,
                    List.of(new ChatCompletion.Choice(0, message, logprobs(job, result.logprobs()),
                            result.finishReason().wireName())), Usage.of(result),
                    report(call, result)), MediaType.APPLICATION_JSON_TYPE).header("X-Request-Id", id).build();
        }
        return exchange.stream(call.model(), job.reasoningModel(), (sink, cancellation) -> {
            ChunkWriter chunks = new ChunkWriter(sink, id, created, model, job);
            chunks.delta(new ChatCompletionChunk.Delta("assistant", "", null, null), null, null);
            CompletionResult result = completions.run(call.model().engine(), job, chunks, cancellation,
                    exchange.allowance());
            chunks.delta(new ChatCompletionChunk.Delta(null, null, null, null), result.finishReason().wireName(),
                    report(call, result));
            if (call.includeUsage()) {
                sink.data(new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(),
                        Usage.of(result), null));
            }
            return result;
        });
    }

    /** Present exactly when the request asked for logprobs, as OpenAI sends them. */
    private static ChatLogprobs logprobs(CompletionJob job, List<TokenLogprob> tokens) {
        return job.topLogprobs() == GenerationRequest.NO_LOGPROBS ? null : Logprobs.chat(tokens);
    }

    private static String reasoningOrNull(CompletionResult result) {
        return result.reasoning().isEmpty() ? null : result.reasoning();
    }


    private ThinkGateReport report(ChatCall call, CompletionResult result) {
        ThinkGateReport.Decision decision = call.decision().map(d -> auto.settled(d, result))
                .map(ChatCompletionsResource::decision).orElse(null);
        if (!call.job().reasoningModel()) {
            return ThinkGateReport.withoutReasoning(result.timedOut(), result.quotaExhausted(), decision);
        }
        var control = result.control();
        return new ThinkGateReport(control.mode().wireName(), control.source(),
                control.budgetTokens().isPresent() ? control.budgetTokens().getAsInt() : null,
                control.minTokens().isPresent() ? control.minTokens().getAsInt() : null, result.reasoningTokens(),
                result.injectedTokens(), result.exit().wireName(), result.extensions(),
                result.thoughts().map(thoughts -> new ThinkGateReport.Thoughts(thoughts.source().wireName(),
                        thoughts.outcome().wireName(), thoughts.tokens(), thoughts.latencyMillis())).orElse(null),
                ThinkGateReport.trueOrNull(result.timedOut()), ThinkGateReport.trueOrNull(result.quotaExhausted()),
                decision, interrupts(call.job()));
    }

    private static List<ThinkGateReport.AppliedInterrupt> interrupts(CompletionJob job) {
        List<InterruptHandle.Applied> applied = job.interrupts().map(InterruptHandle::applied).orElse(List.of());
        return applied.isEmpty() ? null : applied.stream().map(a -> new ThinkGateReport.AppliedInterrupt(
                a.interrupt().wireName(), a.atReasoningTokens(),
                a.interrupt() instanceof Interrupt.Hurry hurry ? hurry.remainingTokens() : null)).toList();
    }

    private static ThinkGateReport.Decision decision(AutoDecision decision) {
        return new ThinkGateReport.Decision(decision.strategy(),
                decision.difficulty().isPresent() ? Math.round(decision.difficulty().getAsDouble() * 1000) / 1000.0
                        : null, decision.chosen(),
                decision.budgetTokens().isPresent() ? decision.budgetTokens().getAsInt() : null, decision.reason(),
                new ThinkGateReport.Cost(decision.costTokens(), decision.costNanos() / 1_000_000.0));
    }

    /** Streams a completion's text as chat chunks: reasoning deltas first, then content deltas. */
    private static final class ChunkWriter implements GenerationListener {
        private final SseSink sink;
        private final String id;
        private final long created;
        private final String model;
        private final CompletionJob job;

        ChunkWriter(SseSink sink, String id, long created, String model, CompletionJob job) {
            this.sink = sink;
            this.id = id;
            this.created = created;
            this.model = model;
            this.job = job;
        }

        @Override
        public void onReasoning(String text) {
            delta(new ChatCompletionChunk.Delta(null, null, text, text), null, null);
        }

        @Override
        public void onContent(String text, List<TokenLogprob> tokens) {
            send(new ChatCompletionChunk.Delta(null, text, null, null), logprobs(job, tokens), null, null);
        }

        void delta(ChatCompletionChunk.Delta delta, String finishReason, ThinkGateReport report) {
            send(delta, null, finishReason, report);
        }

        private void send(ChatCompletionChunk.Delta delta, ChatLogprobs logprobs, String finishReason,
                ThinkGateReport report) {
            sink.data(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                    List.of(new ChatCompletionChunk.Choice(0, delta, logprobs, finishReason)), null, report));
        }
    }
}
