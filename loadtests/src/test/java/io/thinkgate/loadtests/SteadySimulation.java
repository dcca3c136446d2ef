package io.thinkgate.loadtests;

import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * 1. Steady: {@code users} clients each stream one chat after another for {@code duration}. Fails on more failed
 * requests than {@code assert.failed.percent}, a p95 time to first token (from sending the request) over
 * {@code assert.ttft.p95.ms}, or fewer completed streams per second than {@code assert.min.rps}.
 */
public class SteadySimulation extends ThinkGateSimulation {

    private final PhaseMeter meter = new PhaseMeter("chat");

    {
        requireFirstTokenWithin(meter);
        setUp(scenario("steady").exec(streamedChat("chat", chatBody(null), meter))
                .injectClosed(constantConcurrentUsers(settings.users()).during(settings.duration()))
                .andThen(verdict()))
                .protocols(protocol())
                .maxDuration(backstop(settings.duration()))
                .assertions(global().failedRequests().percent().lte(settings.maxFailedPercent()),
                        details("chat: " + DONE).requestsPerSec().gte(settings.minRequestsPerSecond()));
    }

    @Override
    List<String> report() {
        return List.of(rate(meter));
    }
}
