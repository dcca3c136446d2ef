package io.thinkgate.generation;

import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.telemetry.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Runs completions on an engine: drives the generation and records its meters. */
@ApplicationScoped
public class CompletionService {

    private final GatewayMetrics metrics;

    public CompletionService(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Blocks until the completion is done; {@code listener} sees its text as it is produced, and {@code allowance}
     * its tokens. The caller holds a slot of the engine's scheduler for the whole call.
     */
    public CompletionResult run(InferenceEngine engine, CompletionJob job, GenerationListener listener,
            Cancellation cancellation, TokenAllowance allowance) {
        CompletionResult result = new ReasoningRun(engine, job, listener, cancellation, allowance, metrics).execute();
        metrics.tokens(result.promptTokens(), result.completionTokens(), result.reasoningTokens());
        if (job.reasoningModel()) {
            metrics.thinking(job.control().mode().wireName(), job.control().source(), result.exit().wireName(),
                    result.reasoningTokens());
        }
        result.thoughts().ifPresent(thoughts -> metrics.thoughts(thoughts.source().wireName(),
                thoughts.outcome().wireName(), thoughts.tokens(), Duration.ofMillis(thoughts.latencyMillis())));
        return result;
    }
}
