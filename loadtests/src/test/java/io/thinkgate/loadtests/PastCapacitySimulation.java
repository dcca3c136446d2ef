package io.thinkgate.loadtests;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * 2. Past capacity: arrivals ramp from {@code rate.from} to {@code rate.to} chats per second over {@code duration},
 * past what the slots and the wait queue hold. Every reply must be a 200 or a 429 with a positive
 * {@code Retry-After} (anything else, a 5xx or a timeout, is a KO and fails the run); the queue must never hold
 * more than its capacity; and at least one 429 must show that the load did go past capacity.
 */
public class PastCapacitySimulation extends ThinkGateSimulation {

    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    {
        double from = Double.parseDouble(System.getProperty("rate.from", "1"));
        double to = Double.parseDouble(System.getProperty("rate.to", "20"));
        String body = chatBody(null).replace("\"stream\":true,\"stream_options\":{\"include_usage\":true},", "");
        require(Invariant.queueWithinItsBound());
        require((samples, last) -> refused.get() == 0 ? Optional.of(String.format(Locale.ROOT,
                "no request was refused (%d served): the load never went past capacity; raise -Drate.to",
                served.get())) : Optional.empty());
        require((samples, last) -> served.get() == 0 ? Optional.of("no request was served") : Optional.empty());
        setUp(scenario("past capacity").exec(counted())
                .exec(http("chat").post("/v1/chat/completions").body(StringBody(body))
                        .check(status().in(200, 429).saveAs("status"))
                        .checkIf((response, session) -> response.status().code() == 429)
                        .then(header("Retry-After").transform(Integer::parseInt).gte(1)))
                .exec(session -> {
                    if (session.contains("status")) {
                        (session.getInt("status") == 429 ? refused : served).incrementAndGet();
                    }
                    return session;
                })
                .injectOpen(rampUsersPerSec(from).to(to).during(settings.duration()))
                .andThen(verdict()))
                .protocols(protocol())
                .maxDuration(backstop(settings.duration()))
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    List<String> report() {
        return List.of(String.format(Locale.ROOT, "%-25s %d served (200), %d refused (429)", "replies",
                served.get(), refused.get()));
    }
}
