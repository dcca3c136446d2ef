package io.thinkgate.api;

import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.policy.AutoDecision;
import io.thinkgate.reasoning.policy.AutoPolicy;
import io.thinkgate.reasoning.policy.AutoStrategy;
import io.thinkgate.reasoning.policy.Difficulty;
import io.thinkgate.reasoning.policy.HeuristicEstimator;
import io.thinkgate.reasoning.thoughts.ThoughtSource;
import io.thinkgate.serving.ServedModel;
import io.thinkgate.telemetry.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Replaces a request's {@code auto} with what auto decides for it, and records the decision. */
@ApplicationScoped
public class AutoThinking {

    /** The control that runs, and the decision behind it. */
    record Decided(ThinkingControl control, AutoDecision decision) {
    }

    private static final String STRATEGY_PARAM = "thinkgate.auto.strategy";

    private final AutoStrategy defaultStrategy;
    private final HeuristicEstimator heuristic;
    private final AutoPolicy policy;
    private final ModelLookup models;
    private final GatewayMetrics metrics;

    public AutoThinking(ThinkGateConfig config, ModelLookup models, GatewayMetrics metrics) {
        ThinkGateConfig.Auto auto = config.auto();
        this.defaultStrategy = AutoStrategy.fromWire(auto.strategy()).filter(AutoThinking::available)
                .orElseThrow(() -> new IllegalArgumentException("thinkgate.auto.strategy must be heuristic (probe, "
                        + "model and cascade are not built yet), got '" + auto.strategy() + "'"));
        ThinkGateConfig.Heuristic weights = auto.heuristic();
        this.heuristic = new HeuristicEstimator(new HeuristicEstimator.Weights(weights.lengthWeight(),
                weights.mathWeight(), weights.codeWeight(), weights.stepsWeight(), weights.reasoningWeight()));
        this.policy = new AutoPolicy(new AutoPolicy.Settings(auto.noThinkBelow(), auto.thoughtsBelow(),
                auto.minBudget(), auto.maxBudget(), auto.budgetExponent()));
        this.models = models;
        this.metrics = metrics;
    }

    /**
     * @param requested the request's auto, with the control that asked for it
     * @param maxTokens the request's cap on generated tokens, if it set one
     */
    Decided decide(ThinkingMode.Auto requested, ThinkingControl control, ServedModel model, List<ChatTurn> turns,
            OptionalInt maxTokens) {
        AutoStrategy strategy = strategy(requested);
        long started = System.nanoTime();
        if (!model.profile().reasoning()) {
            return record(control, strategy, new AutoPolicy.Choice(ThinkingMode.NO_THINK, OptionalInt.empty()),
                    OptionalDouble.empty(), "the model does not reason: nothing to decide", started);
        }
        Difficulty difficulty = heuristic.estimate(lastUserMessage(turns));
        Optional<ThoughtSource> writer = models.thoughtModel().map(ignored -> ThoughtSource.THOUGHT_MODEL);
        AutoPolicy.Choice choice = policy.choose(difficulty, writer, maxTokens);
        return record(control, strategy, choice, OptionalDouble.of(difficulty.score()), difficulty.reason(), started);
    }

    private Decided record(ThinkingControl control, AutoStrategy strategy, AutoPolicy.Choice choice,
            OptionalDouble difficulty, String reason, long started) {
        long nanos = System.nanoTime() - started;
        AutoDecision decision = new AutoDecision(strategy.wireName(), difficulty, choice.mode().wireName(),
                choice.budgetTokens(), reason, 0, nanos);
        metrics.autoDecision(decision.strategy(), decision.chosen(), difficulty, nanos);
        return new Decided(new ThinkingControl(choice.mode(), "auto", choice.budgetTokens(), OptionalInt.empty(),
                control.conclusionMessage(), control.loopBrake()), decision);
    }

    private AutoStrategy strategy(ThinkingMode.Auto requested) {
        if (requested.strategy().isEmpty()) {
            return defaultStrategy;
        }
        String name = requested.strategy().get();
        AutoStrategy strategy = AutoStrategy.fromWire(name).orElseThrow(() -> ApiException.invalid(STRATEGY_PARAM,
                "'" + STRATEGY_PARAM + "' must be one of " + Arrays.stream(AutoStrategy.values())
                        .map(AutoStrategy::wireName).collect(Collectors.joining(", ")) + "; got "
                        + ApiException.echo(name)));
        if (!available(strategy)) {
            throw ApiException.invalid(STRATEGY_PARAM, "The auto strategy '" + name + "' is not available yet; "
                    + "use heuristic");
        }
        return strategy;
    }

    private static boolean available(AutoStrategy strategy) {
        return strategy == AutoStrategy.HEURISTIC;
    }

    /** The signals are in what the user asks now; a long system prompt does not make "hi" hard. */
    private static String lastUserMessage(List<ChatTurn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role().equals("user")) {
                return turns.get(i).content();
            }
        }
        return turns.isEmpty() ? "" : turns.get(turns.size() - 1).content();
    }
}
