package io.thinkgate.loadtests;

import io.gatling.javaapi.core.Choice;

import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * 3. Mixed modes: like the steady run, but each chat draws its thinking mode from {@code mix} (default
 * {@code think=1,no_think=1,budget:64=1,thoughts=1,auto=1}); every mode is its own entry in the report, and the summary gives
 * each one's tokens and reasoning tokens per stream.
 */
public class MixedModesSimulation extends ThinkGateSimulation {

    private final List<PhaseMeter> meters = new ArrayList<>();

    {
        Mix mix = Mix.parse(System.getProperty("mix", "think=1,no_think=1,budget:64=1,thoughts=1,auto=1"));
        List<Choice.WithWeight> choices = new ArrayList<>();
        for (Mix.Arm arm : mix.arms()) {
            PhaseMeter meter = new PhaseMeter(arm.name());
            meters.add(meter);
            choices.add(percent(arm.percent()).then(streamedChat(arm.name(), chatBody(arm.thinkgate()), meter)));
            requireFirstTokenWithin(meter);
        }
        setUp(scenario("mixed modes").exec(randomSwitch().on(choices))
                .injectClosed(constantConcurrentUsers(settings.users()).during(settings.duration()))
                .andThen(verdict()))
                .protocols(protocol())
                .maxDuration(backstop(settings.duration()))
                .assertions(global().failedRequests().percent().lte(settings.maxFailedPercent()));
    }

    @Override
    List<String> report() {
        return meters.stream().map(ThinkGateSimulation::rate).toList();
    }
}
