package io.thinkgate.loadtests;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * 5. Soak: the steady load for {@code duration} (default 10 minutes here), sampling the server's memory, slots,
 * queue and tokens/s throughout. Compared between the second tenth of the run (after warm-up) and the last tenth,
 * resident memory may grow by at most {@code assert.rss.growth.mb} MiB and the server's tokens/s may fall by at
 * most {@code assert.tolerance}.
 */
public class SoakSimulation extends ThinkGateSimulation {

    private final PhaseMeter meter = new PhaseMeter("soak");

    {
        Duration duration = LoadSettings.duration(System.getProperty("duration", "10m"));
        double growthMiB = Double.parseDouble(System.getProperty("assert.rss.growth.mb", "256"));
        double tolerance = LoadSettings.fraction(System.getProperties(), "assert.tolerance", 0.15);
        require((samples, last) -> {
            Windows w = Windows.of(samples);
            double grown = (w.late(s -> s.residentBytes()) - w.early(s -> s.residentBytes())) / 1048576.0;
            return grown > growthMiB ? Optional.of(String.format(Locale.ROOT,
                    "resident memory grew by %.0f MiB between the second and the last tenth of the run (limit %.0f)",
                    grown, growthMiB)) : Optional.empty();
        });
        require((samples, last) -> {
            Windows w = Windows.of(samples);
            double early = w.rate(true);
            double late = w.rate(false);
            return late < (1 - tolerance) * early ? Optional.of(String.format(Locale.ROOT,
                    "the server made %.1f tokens/s in the last tenth of the run, %.1f in the second", late, early))
                    : Optional.empty();
        });
        setUp(scenario("soak").exec(streamedChat("chat", chatBody(null), meter))
                .injectClosed(constantConcurrentUsers(settings.users()).during(duration))
                .andThen(verdict()))
                .protocols(protocol())
                .maxDuration(backstop(duration))
                .assertions(global().failedRequests().percent().lte(settings.maxFailedPercent()));
    }

    @Override
    List<String> report() {
        Windows w = Windows.of(sampler.samples());
        return List.of(rate(meter), String.format(Locale.ROOT,
                "%-25s second tenth %.0f MiB, last tenth %.0f MiB; server tokens/s %.1f then %.1f", "soak drift",
                w.early(s -> s.residentBytes()) / 1048576.0, w.late(s -> s.residentBytes()) / 1048576.0,
                w.rate(true), w.rate(false)));
    }

    /** The samples of the second tenth of the run (early) and of its last tenth (late). */
    record Windows(List<ServerSample> early, List<ServerSample> late) {

        static Windows of(List<ServerSample> samples) {
            List<ServerSample> s = samples.stream().filter(x -> x.residentBytes() >= 0
                    || !Double.isNaN(x.completionTokens())).toList();
            int n = s.size();
            if (n < 2) {
                return new Windows(List.of(), List.of());
            }
            return new Windows(s.subList(n / 10, Math.max(n / 10 + 1, n / 5)).stream().toList(),
                    s.subList(Math.max(0, n - Math.max(2, n / 10)), n));
        }

        double early(ToDoubleFunction<ServerSample> value) {
            return early.stream().mapToDouble(value).average().orElse(Double.NaN);
        }

        double late(ToDoubleFunction<ServerSample> value) {
            return late.stream().mapToDouble(value).average().orElse(Double.NaN);
        }

        /** The server's tokens/s across one window. */
        double rate(boolean inEarly) {
            List<ServerSample> w = inEarly ? early : late;
            return w.size() < 2 ? Double.NaN : w.get(w.size() - 1).tokensPerSecondSince(w.get(0));
        }
    }
}
