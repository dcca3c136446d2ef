package io.thinkgate.loadtests;

/**
 * One reading of the server during a run: ThinkGate's own meters from {@code /q/metrics} (NaN where the server
 * doesn't export one; {@code cancelled} counts requests whose client left, as a plain llama-server or vLLM doesn't) and the resident memory of its process (-1 when it
 * isn't on this machine).
 */
record ServerSample(double seconds, double active, double queued, double slots, double queueCapacity,
                    double completionTokens, double reasoningTokens, double cancelled, long residentBytes) {

    static ServerSample of(double seconds, PrometheusText metrics, long residentBytes) {
        return new ServerSample(seconds, metrics.value("thinkgate_requests_active"),
                metrics.value("thinkgate_requests_queued"), metrics.value("thinkgate_slots"),
                metrics.value("thinkgate_queue_capacity"), metrics.value("thinkgate_tokens_completion_total"),
                metrics.value("thinkgate_tokens_reasoning_total"),
                metrics.value("thinkgate_requests_seconds_count", "outcome", "cancelled"), residentBytes);
    }

    /** Generated tokens per second between an earlier sample and this one. */
    double tokensPerSecondSince(ServerSample earlier) {
        return (completionTokens - earlier.completionTokens) / (seconds - earlier.seconds);
    }

    double reasoningTokensPerSecondSince(ServerSample earlier) {
        return (reasoningTokens - earlier.reasoningTokens) / (seconds - earlier.seconds);
    }
}
