package io.thinkgate.loadtests;

import java.util.List;
import java.util.Optional;

/**
 * A property of a whole run that Gatling's assertions can't state (they know only response times and counts):
 * checked once after the load, on the server's samples, its last meters and what the simulation counted.
 */
@FunctionalInterface
interface Invariant {

    /** Why the run broke it, or empty when it held. */
    Optional<String> violation(List<ServerSample> samples, PrometheusText last);

    /** No request holds a slot or waits once the load has ended: nothing leaked. */
    static Invariant nothingHeldAfterTheLoad() {
        return (samples, last) -> {
            double active = last.value("thinkgate_requests_active");
            double queued = last.value("thinkgate_requests_queued");
            return active > 0 || queued > 0 ? Optional.of(String.format(
                    "after the load %.0f requests still hold a slot and %.0f wait", active, queued))
                    : Optional.empty();
        };
    }

    /** The wait queue never held more than its capacity. */
    static Invariant queueWithinItsBound() {
        return (samples, last) -> {
            for (ServerSample s : samples) {
                if (s.queued() > s.queueCapacity()) {
                    return Optional.of(String.format("at %.1f s the queue held %.0f requests, over its capacity %.0f",
                            s.seconds(), s.queued(), s.queueCapacity()));
                }
            }
            return Optional.empty();
        };
    }
}
