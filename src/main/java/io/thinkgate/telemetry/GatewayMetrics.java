package io.thinkgate.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/** Every ThinkGate meter, named in one place. Prometheus names are these with dots as underscores. */
@ApplicationScoped
public class GatewayMetrics {

    private static final Duration[] TOKEN_BUCKETS = buckets(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1);
    private static final Duration[] LATENCY_BUCKETS = buckets(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
            60);
    private static final Duration[] REQUEST_BUCKETS = buckets(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
            300);

    private static final double[] DIFFICULTY_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};
    private static final Duration[] OVERHEAD_BUCKETS = buckets(0.00001, 0.0001, 0.001, 0.01, 0.1, 1, 10);

    private final MeterRegistry registry;
    private final Counter promptTokens;
    private final Counter completionTokens;
    private final Counter reasoningTokens;
    private final Timer timeToFirstToken;
    private final Timer timeToFirstAnswerToken;
    private final Timer interTokenLatency;
    private final Timer continuationLatency;
    private final Counter engineRestarts;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.promptTokens = Counter.builder("thinkgate.tokens.prompt").description("Prompt tokens processed")
                .register(registry);
        this.completionTokens = Counter.builder("thinkgate.tokens.completion")
                .description("Tokens generated, reasoning included").register(registry);
        this.reasoningTokens = Counter.builder("thinkgate.tokens.reasoning")
                .description("Tokens generated inside the reasoning span").register(registry);
        this.timeToFirstToken = latency("thinkgate.time.to.first.token", "From arrival to the first generated token",
                LATENCY_BUCKETS);
        this.timeToFirstAnswerToken = latency("thinkgate.time.to.first.answer.token",
                "From arrival to the first token of the answer", LATENCY_BUCKETS);
        this.interTokenLatency = latency("thinkgate.inter.token.latency", "Between consecutive generated tokens",
                TOKEN_BUCKETS);
        this.engineRestarts = Counter.builder("thinkgate.engine.restarts")
                .description("Restarts of a managed llama-server after it died").register(registry);
        this.continuationLatency = latency("thinkgate.continuation.latency",
                "From a forced continuation to its first generated token", LATENCY_BUCKETS);
    }

    /** Publishes the scheduler's active and queued request counts, and the bounds they live within. */
    public void watchSlots(Supplier<Number> active, Supplier<Number> queued, int slots, int queueCapacity) {
        Gauge.builder("thinkgate.requests.active", active).description("Requests holding a slot").register(registry);
        Gauge.builder("thinkgate.requests.queued", queued).description("Requests waiting for a slot")
                .register(registry);
        Gauge.builder("thinkgate.slots", () -> slots).description("Slots of the served model").register(registry);
        Gauge.builder("thinkgate.queue.capacity", () -> queueCapacity)
                .description("Requests that may wait for a slot before the next gets a 429").register(registry);
    }

    /** A completion request with an API key, admitted or refused by the key's rate limits. */
    public void keyRequest(String key, String outcome) {
        Counter.builder("thinkgate.key.requests").description("Completion requests by API key name and outcome")
                .tags("key", key, "outcome", outcome).register(registry).increment();
    }

    /** A finished reply's tokens, charged to its API key. */
    public void keyTokens(String key, int prompt, int completion, int reasoning) {
        keyTokens(key, "prompt", prompt);
        keyTokens(key, "completion", completion);
        keyTokens(key, "reasoning", reasoning);
    }

    private void keyTokens(String key, String kind, int tokens) {
        Counter.builder("thinkgate.key.tokens").description("Tokens by API key name; completion includes reasoning")
                .tags("key", key, "kind", kind).register(registry).increment(tokens);
    }

    /** A managed llama-server died and is being started again. */
    public void engineRestart() {
        engineRestarts.increment();
    }

    /** One decision of auto thinking: what it chose, how hard the request looked, and what deciding took. */
    public void autoDecision(String strategy, String chosen, OptionalDouble difficulty, long nanos) {
        Counter.builder("thinkgate.auto.decisions").description("Auto thinking decisions by strategy and choice")
                .tags("strategy", strategy, "chosen", chosen).register(registry).increment();
        difficulty.ifPresent(d -> DistributionSummary.builder("thinkgate.auto.difficulty")
                .description("Difficulty estimated by auto thinking, 0 to 1").tag("strategy", strategy)
                .serviceLevelObjectives(DIFFICULTY_BUCKETS).register(registry).record(d));
        Timer.builder("thinkgate.auto.overhead").description("Time auto thinking took to decide")
                .tag("strategy", strategy).serviceLevelObjectives(OVERHEAD_BUCKETS).register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /** A caller interrupted a running request. */
    public void interrupt(String action) {
        Counter.builder("thinkgate.interrupts").description("Interrupts of running requests, by action")
                .tag("action", action).register(registry).increment();
    }

    /** From an answer_now call to the first token of the answer. */
    public void interruptLatency(long nanos) {
        latency("thinkgate.interrupt.latency", "From an answer_now call to the first answer token", LATENCY_BUCKETS)
                .record(Duration.ofNanos(nanos));
    }

    public void request(String endpoint, String outcome, Duration duration) {
        Timer.builder("thinkgate.requests").description("Requests by endpoint and outcome")
                .tags("endpoint", endpoint, "outcome", outcome).serviceLevelObjectives(REQUEST_BUCKETS)
                .register(registry).record(duration);
    }

    public void tokens(int prompt, int completion, int reasoning) {
        promptTokens.increment(prompt);
        completionTokens.increment(completion);
        reasoningTokens.increment(reasoning);
    }

    public void firstToken(long nanos) {
        timeToFirstToken.record(Duration.ofNanos(nanos));
    }

    public void firstAnswerToken(long nanos) {
        timeToFirstAnswerToken.record(Duration.ofNanos(nanos));
    }

    public void interToken(long nanos) {
        interTokenLatency.record(Duration.ofNanos(nanos));
    }

    public void continuation(long nanos) {
        continuationLatency.record(Duration.ofNanos(nanos));
    }

    /** One request's thinking: its mode, the dialect that chose it, how the span ended and how long it was. */
    public void thinking(String mode, String source, String exit, int reasoning) {
        Counter.builder("thinkgate.thinking.requests").description("Requests by thinking mode and deciding dialect")
                .tags("mode", mode, "source", source).register(registry).increment();
        Counter.builder("thinkgate.thinking.exits").description("How reasoning spans ended")
                .tag("exit", exit).register(registry).increment();
        DistributionSummary.builder("thinkgate.reasoning.tokens").description("Reasoning tokens per request")
                .tag("mode", mode).register(registry).record(reasoning);
    }

    /** One ThoughtMani thought phase: who wrote the thoughts, what became of them, their size and their latency. */
    public void thoughts(String source, String outcome, int tokens, Duration latency) {
        Counter.builder("thinkgate.thoughts").description("ThoughtMani thought phases by source and outcome")
                .tags("source", source, "outcome", outcome).register(registry).increment();
        DistributionSummary.builder("thinkgate.thoughts.tokens").description("Tokens the thought writer generated")
                .tag("source", source).register(registry).record(tokens);
        Timer.builder("thinkgate.thoughts.latency").description("Time to write the thoughts")
                .tag("source", source).serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(latency);
    }

    private Timer latency(String name, String description, Duration[] buckets) {
        return Timer.builder(name).description(description).serviceLevelObjectives(buckets).register(registry);
    }

    private static Duration[] buckets(double... seconds) {
        return Arrays.stream(seconds).mapToObj(s -> Duration.ofNanos((long) (s * 1e9)))
                .toArray(Duration[]::new);
    }
}
