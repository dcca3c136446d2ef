package io.thinkgate.loadtests;

import io.gatling.javaapi.core.PopulationBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * 4. Abort storm: steady load for {@code warmup} (not measured: the JIT and the caches warm up), then for
 * {@code duration}; then {@code storm.users} clients for {@code storm.duration}
 * each open a stream, read {@code storm.chunks} chunks of it and hang up; then the steady load again. The
 * throughput after the storm must be at least {@code 1 - assert.tolerance} of the throughput before it, and no slot
 * may be held at the end.
 */
public class AbortStormSimulation extends ThinkGateSimulation {

    private final PhaseMeter before = new PhaseMeter("before the storm");
    private final PhaseMeter after = new PhaseMeter("after the storm");
    private final AtomicLong abandoned = new AtomicLong();

    {
        int stormUsers = LoadSettings.positive(System.getProperties(), "storm.users", 8);
        int chunks = LoadSettings.positive(System.getProperties(), "storm.chunks", 5);
        Duration storm = LoadSettings.duration(System.getProperty("storm.duration", "15s"));
        Duration warmUp = LoadSettings.duration(System.getProperty("warmup", "10s"));
        double tolerance = LoadSettings.fraction(System.getProperties(), "assert.tolerance", 0.15);
        require((samples, last) -> after.tokensPerSecond() >= (1 - tolerance) * before.tokensPerSecond()
                ? Optional.empty() : Optional.of(String.format(Locale.ROOT,
                "%.1f tokens/s after the storm, %.1f before: more than %.0f%% lost", after.tokensPerSecond(),
                before.tokensPerSecond(), 100 * tolerance)));
        require((samples, last) -> {
            double cancelled = cancelledDuringTheRun(last);
            return cancelled == 0 && abandoned.get() > 0
                    ? Optional.of(abandoned.get() + " streams were abandoned and the server cancelled none")
                    : Optional.empty();
        });
        PopulationBuilder warmingUp = steady("warm-up", new PhaseMeter("warm-up"), warmUp);
        PopulationBuilder beforeTheStorm = steady("before", before, settings.duration());
        PopulationBuilder theStorm = scenario("storm").exec(abandonedChat("storm", chatBody(null), chunks))
                .exec(session -> {
                    abandoned.incrementAndGet();
                    return session;
                })
                .injectClosed(constantConcurrentUsers(stormUsers).during(storm));
        PopulationBuilder afterTheStorm = steady("after", after, settings.duration());
        // Each phase starts when the one it hangs from has ended.
        setUp(warmingUp.andThen(beforeTheStorm.andThen(theStorm.andThen(afterTheStorm.andThen(verdict())))))
                .protocols(protocol())
                .maxDuration(backstop(warmUp.plus(settings.duration()).plus(storm).plus(settings.duration())))
                .assertions(global().failedRequests().percent().lte(settings.maxFailedPercent()));
    }

    private PopulationBuilder steady(String name, PhaseMeter meter, Duration duration) {
        return scenario(name).exec(streamedChat(name, chatBody(null), meter))
                .injectClosed(constantConcurrentUsers(settings.users()).during(duration));
    }

    /** Requests the server counted as cancelled by their clients since the first sample; NaN if it doesn't say. */
    private double cancelledDuringTheRun(PrometheusText last) {
        return cancelledSinceTheFirstSample(last.value("thinkgate_requests_seconds_count", "outcome", "cancelled"));
    }

    /** Micrometer creates the series at the first cancellation, so a first sample without it counts as 0. */
    private double cancelledSinceTheFirstSample(double now) {
        List<ServerSample> samples = sampler.samples();
        double first = samples.isEmpty() ? Double.NaN : samples.get(0).cancelled();
        return now - (Double.isNaN(first) ? 0 : first);
    }

    @Override
    List<String> report() {
        List<ServerSample> samples = sampler.samples();
        double cancelled = samples.isEmpty() ? Double.NaN
                : cancelledSinceTheFirstSample(samples.get(samples.size() - 1).cancelled());
        return List.of(rate(before), rate(after), String.format(Locale.ROOT,
                "%-25s %d abandoned by their clients, %.0f cancelled by the server", "storm streams",
                abandoned.get(), cancelled), String.format(Locale.ROOT, "%-25s %.3f", "after / before",
                after.tokensPerSecond() / before.tokensPerSecond()));
    }
}
