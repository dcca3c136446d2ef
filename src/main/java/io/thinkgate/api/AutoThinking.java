package io.thinkgate.api;

import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.generation.Cancellation;
import io.thinkgate.generation.CancelledException;
import io.thinkgate.generation.CompletionResult;
import io.thinkgate.generation.DifficultyProbe;
import io.thinkgate.generation.QueueFullException;
import io.thinkgate.generation.TokenAllowance;
import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.policy.AutoDecision;
import io.thinkgate.reasoning.policy.AutoPolicy;
import io.thinkgate.reasoning.policy.AutoStrategy;
import io.thinkgate.reasoning.policy.Difficulty;
import io.thinkgate.reasoning.policy.HeuristicEstimator;
import io.thinkgate.reasoning.policy.ProbePrompt;
import io.thinkgate.reasoning.policy.ProbeRating;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import io.thinkgate.reasoning.thoughts.ThoughtSource;
import io.thinkgate.serving.ServedModel;
import io.thinkgate.serving.ThoughtWriterModel;
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

    /** A difficulty and the tokens generated to find it. */
    private record Estimate(Difficulty difficulty, int tokens) {
    }

    private static final String STRATEGY_PARAM = "thinkgate.auto.strategy";
    /** A rating is one token; one more lets the probe model end it. */
    private static final int PROBE_MAX_TOKENS = 2;

    private final AutoStrategy defaultStrategy;
    private final HeuristicEstimator heuristic;
    private final ProbePrompt probePrompt;
    private final ProbeRating probeRating;
    private final double unreadableDifficulty;
    private final AutoPolicy policy;
    private final ModelLookup models;
    private final GatewayMetrics metrics;

    public AutoThinking(ThinkGateConfig config, ModelLookup models, GatewayMetrics metrics) {
        ThinkGateConfig.Auto auto = config.auto();
        this.defaultStrategy = AutoStrategy.fromWire(auto.strategy()).filter(AutoThinking::available)
                .orElseThrow(() -> new IllegalArgumentException("thinkgate.auto.strategy must be heuristic, probe"
                        + ", model (cascade is not built yet), got '" + auto.strategy() + "'"));
        ThinkGateConfig.Heuristic weights = auto.heuristic();
        this.heuristic = new HeuristicEstimator(new HeuristicEstimator.Weights(weights.lengthWeight(),
                weights.mathWeight(), weights.codeWeight(), weights.stepsWeight(), weights.reasoningWeight()));
        ThinkGateConfig.Probe probe = auto.probe();
        this.probeRating = new ProbeRating(probe.scale());
        this.probePrompt = new ProbePrompt(probe.instruction(), probe.scale());
        this.unreadableDifficulty = probe.unreadableDifficulty();
        if (!(unreadableDifficulty >= 0 && unreadableDifficulty <= 1)) {
            throw new IllegalArgumentException("thinkgate.auto.probe.unreadable-difficulty must be between 0 and 1, "
                    + "got " + unreadableDifficulty);
        }
        this.policy = new AutoPolicy(new AutoPolicy.Settings(auto.noThinkBelow(), auto.thoughtsBelow(),
                auto.minBudget(), auto.maxBudget(), auto.budgetExponent()));
        this.models = models;
        this.metrics = metrics;
    }

    /**
     * @param requested the request's auto, with the control that asked for it
     * @param maxTokens the request's cap on generated tokens, if it set one
     * @param cancellation the request's: a probe stops (or leaves the queue) when its client leaves
     * @param allowance what the request's key may spend, which a probe's tokens are charged to
     */
    Decided decide(ThinkingMode.Auto requested, ThinkingControl control, ServedModel model, List<ChatTurn> turns,
            OptionalInt maxTokens, Cancellation cancellation, TokenAllowance allowance) {
        AutoStrategy strategy = strategy(requested);
        long started = System.nanoTime();
        if (!model.profile().reasoning()) {
            return record(control, strategy, new AutoPolicy.Choice(ThinkingMode.NO_THINK, OptionalInt.empty()),
                    OptionalDouble.empty(), "the model does not reason: nothing to decide", 0, started);
        }
        if (strategy == AutoStrategy.MODEL) {
            AutoPolicy.Choice think = policy.choose(new Difficulty(1, "left to the model"), Optional.empty(),
                    maxTokens);
            return record(control, strategy, think, OptionalDouble.empty(), "left to the model, within a budget of "
                    + think.budgetTokens().getAsInt() + " tokens if it thinks", 0, started);
        }
        Optional<ThoughtWriterModel> thoughtModel = models.thoughtModel();
        Estimate estimate = strategy == AutoStrategy.PROBE
                ? probe(model, thoughtModel, turns, cancellation, allowance)
                : new Estimate(heuristic.estimate(lastUserMessage(turns)), 0);
        Optional<ThoughtSource> writer = thoughtModel.map(ignored -> ThoughtSource.THOUGHT_MODEL);
        AutoPolicy.Choice choice = policy.choose(estimate.difficulty(), writer, maxTokens);
        return record(control, strategy, choice, OptionalDouble.of(estimate.difficulty().score()),
                estimate.difficulty().reason(), estimate.tokens(), started);
    }

    /**
     * The thought model rates the request where one is configured, else the served model with its thinking closed
     * (whose slot cache then serves the shared prefix to the request); either way in a slot of the served model.
     */
    private Estimate probe(ServedModel model, Optional<ThoughtWriterModel> thoughtModel, List<ChatTurn> turns,
            Cancellation cancellation, TokenAllowance allowance) {
        String who = thoughtModel.map(t -> "the thought model " + t.id())
                .orElse(model.id() + " with its thinking off");
        try {
            return probe(model, thoughtModel, turns, cancellation, allowance, who);
        } catch (CancelledException | QueueFullException e) {
            throw e;
        } catch (RuntimeException e) {
            // The request can still be served: a prober that fails (a thought model that is down, a template that
            // cannot render the probe) is no reason to fail it, so it gets the difficulty of an unreadable probe.
            return new Estimate(fallback("probe failed: " + who + ": " + e.getMessage()), 0);
        }
    }

    private Estimate probe(ServedModel model, Optional<ThoughtWriterModel> thoughtModel, List<ChatTurn> turns,
            Cancellation cancellation, TokenAllowance allowance, String who) {
        InferenceEngine engine = thoughtModel.map(ThoughtWriterModel::engine).orElse(model.engine());
        ReasoningProfile profile = thoughtModel.map(ThoughtWriterModel::profile).orElse(model.profile());
        String prompt = engine.renderChat(probePrompt.build(turns))
                + (profile.reasoning() ? profile.noThinkingPrefix() : "");
        int promptTokens = engine.tokenize(prompt).length;
        if (promptTokens + PROBE_MAX_TOKENS > engine.info().contextSize()) {
            return new Estimate(fallback("probe skipped: its prompt does not fit the context of " + who), 0);
        }
        DifficultyProbe.Outcome outcome = DifficultyProbe.run(engine, model.scheduler(), prompt,
                probeRating.grammar(), PROBE_MAX_TOKENS, cancellation);
        allowance.consume(promptTokens + outcome.tokens());
        Difficulty difficulty = probeRating.read(outcome.text(), outcome.firstTokenTop())
                .map(d -> new Difficulty(d.score(), who + ": " + d.reason()))
                .orElseGet(() -> fallback("probe unreadable: " + who + " answered " + ApiException.echo(outcome.text())
                        + ", not a rating from 1 to " + probeRating.scale()));
        return new Estimate(difficulty, outcome.tokens());
    }

    private Difficulty fallback(String why) {
        return new Difficulty(unreadableDifficulty, why + "; difficulty " + unreadableDifficulty
                + " from thinkgate.auto.probe.unreadable-difficulty");
    }

    private Decided record(ThinkingControl control, AutoStrategy strategy, AutoPolicy.Choice choice,
            OptionalDouble difficulty, String reason, int tokens, long started) {
        long nanos = System.nanoTime() - started;
        AutoDecision decision = new AutoDecision(strategy.wireName(), difficulty, choice.mode().wireName(),
                choice.budgetTokens(), reason, tokens, nanos);
        if (strategy != AutoStrategy.MODEL) {
            metrics.autoDecision(decision.strategy(), decision.chosen(), difficulty, nanos);
        }
        return new Decided(new ThinkingControl(choice.mode(), "auto", choice.budgetTokens(), OptionalInt.empty(),
                control.conclusionMessage(), control.loopBrake()), decision);
    }

    /**
     * The decision as the reply reports it: for the {@code model} strategy, what the model chose, read from what it
     * generated (a span closed at once with nothing in it, or a Thinkless model's no-thinking token, is no
     * thinking), and counted now that it is known.
     */
    AutoDecision settled(AutoDecision decision, CompletionResult result) {
        if (!decision.strategy().equals(AutoStrategy.MODEL.wireName())) {
            return decision;
        }
        AutoDecision settled = result.reasoning().isBlank()
                ? decision.choosing(ThinkingMode.NO_THINK.wireName(), "the model chose not to think: it wrote no "
                        + "reasoning before its answer")
                : decision.choosing(decision.chosen(), "the model chose to think: " + result.reasoningTokens()
                        + " reasoning tokens, within a budget of " + decision.budgetTokens().getAsInt());
        metrics.autoDecision(settled.strategy(), settled.chosen(), settled.difficulty(), settled.costNanos());
        return settled;
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
                    + "use heuristic, probe or model");
        }
        return strategy;
    }

    private static boolean available(AutoStrategy strategy) {
        return strategy != AutoStrategy.CASCADE;
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
