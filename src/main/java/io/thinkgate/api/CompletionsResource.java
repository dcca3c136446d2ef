package io.thinkgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.api.wire.CompletionRequest;
import io.thinkgate.api.wire.TextCompletion;
import io.thinkgate.api.wire.TextLogprobs;
import io.thinkgate.api.wire.ThinkGateReport;
import io.thinkgate.api.wire.Usage;
import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.TokenLogprob;
import io.thinkgate.generation.CompletionJob;
import io.thinkgate.generation.CompletionResult;
import io.thinkgate.generation.CompletionService;
import io.thinkgate.generation.GenerationListener;
import io.thinkgate.reasoning.budget.ThinkingLimits;
import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import io.thinkgate.serving.ServedModel;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Legacy completions: the prompt is continued as is, with no chat template and no reasoning split. */
@Path("/v1/completions")
public class CompletionsResource {

    private static final ThinkingLimits NO_LIMITS = new ThinkingLimits(OptionalInt.empty(), OptionalInt.empty(), "",
            "", 0, Optional.empty());
    private static final ThinkingControl RAW = ThinkingControl.of(ThinkingMode.THINK, "raw_prompt");

    private final ModelLookup models;
    private final CompletionService completions;
    private final Exchanges exchanges;
    private final AnswerGrammars grammars;
    private final Duration timeout;

    public CompletionsResource(ModelLookup models, CompletionService completions, Exchanges exchanges,
            AnswerGrammars grammars, ThinkGateConfig config) {
        this.models = models;
        this.completions = completions;
        this.exchanges = exchanges;
        this.grammars = grammars;
        this.timeout = config.request().timeout();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CompletionRequest body, @Context RoutingContext routing) {
        Exchange exchange = exchanges.open(Endpoints.COMPLETIONS, "cmpl-", routing);
        ServedModel model;
        CompletionJob job;
        try {
            model = models.require(body == null ? null : body.model());
            job = job(body, model, exchange.startNanos());
        } catch (RuntimeException e) {
            exchange.refused(e);
            throw e;
        }
        String id = exchange.id();
        long created = Instant.now().getEpochSecond();
        if (!Boolean.TRUE.equals(body.stream())) {
            CompletionResult result = exchange.run(model, false,
                    cancellation -> completions.run(model.engine(), job, GenerationListener.IGNORE, cancellation,
                            exchange.allowance()));
            return Response.ok(new TextCompletion(id, "text_completion", created, model.id(),
                    List.of(new TextCompletion.Choice(0, result.content(), logprobs(job, result.logprobs(), 0),
                            result.finishReason().wireName())),
                    Usage.of(result), report(result)), MediaType.APPLICATION_JSON_TYPE).header("X-Request-Id", id)
                    .build();
        }
        boolean includeUsage = body.streamOptions() != null && Boolean.TRUE.equals(body.streamOptions().includeUsage());
        return exchange.stream(model, false, (sink, cancellation) -> {
            GenerationListener listener = new GenerationListener() {
                private int offset;

                @Override
                public void onReasoning(String text) {
                    onContent(text, List.of());
                }

                @Override
                public void onContent(String text, List<TokenLogprob> tokens) {
                    sink.data(new TextCompletion(id, "text_completion", created, model.id(),
                            List.of(new TextCompletion.Choice(0, text, logprobs(job, tokens, offset), null)), null,
                            null));
                    offset += text.length();
                }
            };
            CompletionResult result = completions.run(model.engine(), job, listener, cancellation,
                    exchange.allowance());
            sink.data(new TextCompletion(id, "text_completion", created, model.id(),
                    List.of(new TextCompletion.Choice(0, "", null, result.finishReason().wireName())), null,
                    report(result)));
            if (includeUsage) {
                sink.data(new TextCompletion(id, "text_completion", created, model.id(), List.of(), Usage.of(result),
                        null));
            }
            return result;
        });
    }

    private CompletionJob job(CompletionRequest body, ServedModel model, long arrivalNanos) {
        if (body == null) {
            throw ApiException.invalid(null, "The request body is required");
        }
        RequestChecks.refuse(body.n() != null && body.n() != 1, "n", "Only n=1 is supported");
        RequestChecks.refuse(body.bestOf() != null && body.bestOf() != 1, "best_of", "Only best_of=1 is supported");
        RequestChecks.refuse(Boolean.TRUE.equals(body.echo()), "echo", "echo is not supported");
        RequestChecks.refuse(body.suffix() != null, "suffix", "suffix is not supported");
        Optional<String> grammar = grammars.completion(body.grammar());
        int topLogprobs = Logprobs.requested(body.logprobs() != null, body.logprobs(), "logprobs", "logprobs",
                Logprobs.MAX_TEXT_ALTERNATIVES, model.engine());
        String prompt = prompt(body.prompt());
        RequestChecks.promptFits(prompt, "prompt", model.engine().info());
        int promptTokens = model.engine().tokenize(prompt).length;
        int maxTokens = RequestChecks.maxTokens(
                body.maxTokens() == null ? OptionalInt.of(16) : OptionalInt.of(body.maxTokens()), "max_tokens",
                promptTokens, model.engine().info().contextSize());
        return new CompletionJob(prompt, promptTokens, false, ReasoningProfile.none(), maxTokens,
                RequestChecks.sampling(body.temperature(), body.topP(), body.seed()), grammar,
                RequestChecks.stop(body.stop()), topLogprobs, RAW, NO_LIMITS, Optional.empty(), Optional.empty(),
                arrivalNanos, RequestChecks.deadline(arrivalNanos, timeout));
    }

    /** Present exactly when the request asked for logprobs, as OpenAI sends them. */
    private static TextLogprobs logprobs(CompletionJob job, List<TokenLogprob> tokens, int offset) {
        return job.topLogprobs() == GenerationRequest.NO_LOGPROBS ? null : Logprobs.text(tokens, offset);
    }

    private static ThinkGateReport report(CompletionResult result) {
        return ThinkGateReport.withoutReasoning(result.timedOut(), result.quotaExhausted(), null);
    }

    /** A string, or an array holding one string. */
    private static String prompt(JsonNode prompt) {
        if (prompt != null && prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        throw ApiException.invalid("prompt", "'prompt' must be a string (or an array of one string)");
    }

}
