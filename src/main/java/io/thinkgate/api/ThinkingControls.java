package io.thinkgate.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinkgate.api.wire.ChatCompletionRequest;
import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.reasoning.budget.ThinkingLimits;
import io.thinkgate.reasoning.control.InvalidThinkingException;
import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.control.ThinkingControlResolver;
import io.thinkgate.reasoning.control.ThinkingDefaults;
import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.control.ThinkingPlan;
import io.thinkgate.reasoning.control.ThinkingPlanner;
import io.thinkgate.reasoning.control.ThinkingRequest;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import io.thinkgate.reasoning.thoughts.ThoughtSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;

/** Reads a request's thinking instructions, in whichever dialect it speaks, and plans their enforcement. */
@ApplicationScoped
public class ThinkingControls {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ObjectMapper mapper;
    private final ThinkingControlResolver resolver;
    private final ThinkingPlanner planner;

    public ThinkingControls(ThinkGateConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        ThinkGateConfig.Thinking thinking = config.thinking();
        ThinkGateConfig.Effort effort = thinking.effort();
        this.resolver = new ThinkingControlResolver(defaultMode(thinking.defaultMode()),
                thinking.defaultBudgetTokens(), Map.of("minimal", effort.minimal(), "low", effort.low(), "medium",
                        effort.medium(), "high", effort.high(), "xhigh", effort.xhigh(), "max", effort.max()),
                defaultThoughtSource(config));
        ThinkGateConfig.LoopBrake brake = thinking.loopBrake();
        ThinkingLimits.LoopBrake shape = new ThinkingLimits.LoopBrake(brake.minLength(), brake.maxLength(),
                brake.repeats());
        this.planner = new ThinkingPlanner(new ThinkingDefaults(thinking.conclusionMessage(),
                thinking.extensionMessage(), thinking.maxExtensions(),
                brake.enabled() ? Optional.of(shape) : Optional.empty(), shape));
    }

    ThinkingControl resolve(ChatCompletionRequest body) {
        Map<String, JsonNode> kwargs = body.chatTemplateKwargs() == null ? Map.of() : body.chatTemplateKwargs();
        ThinkingRequest request = new ThinkingRequest(body.reasoningEffort(),
                body.reasoning() == null ? null : body.reasoning().effort(), object("thinking", body.thinking()),
                plain(kwargs.get("enable_thinking")), plain(kwargs.get("thinking_budget")),
                body.thinkingTokenBudget(), body.thinkingBudgetTokens(), body.reasoningBudgetTokens(),
                body.reasoningBudgetMessage(), body.maxThinkingTokens(), plain(body.think()),
                object("thinkgate", body.thinkgate()));
        try {
            return resolver.resolve(request);
        } catch (InvalidThinkingException e) {
            throw ApiException.invalid(String.join(", ", e.params()), e.getMessage());
        }
    }

    ThinkingPlan plan(ReasoningProfile profile, ThinkingControl control) {
        return planner.plan(profile, control);
    }

    private Object plain(JsonNode node) {
        return node == null || node.isNull() ? null : mapper.convertValue(node, Object.class);
    }

    private Map<String, Object> object(String param, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.invalid(param, "'" + param + "' must be an object");
        }
        return mapper.convertValue(node, OBJECT);
    }

    private static ThoughtSource defaultThoughtSource(ThinkGateConfig config) {
        boolean configured = config.thoughtModel().path().isPresent() || config.thoughtModel().url().isPresent()
                || config.thoughtModel().serverUrl().isPresent();
        return config.thoughts().defaultSource()
                .map(name -> ThoughtSource.fromWire(name).orElseThrow(() -> new IllegalArgumentException(
                        "thinkgate.thoughts.default-source must be thought-model or self, got '" + name + "'")))
                .orElse(configured ? ThoughtSource.THOUGHT_MODEL : ThoughtSource.SELF);
    }

    private static ThinkingMode defaultMode(String name) {
        return switch (name) {
            case "think" -> ThinkingMode.THINK;
            case "no_think" -> ThinkingMode.NO_THINK;
            case "auto" -> new ThinkingMode.Auto(Optional.empty());
            default -> throw new IllegalArgumentException(
                    "thinkgate.thinking.default-mode must be think, no_think or auto, got '" + name + "'");
        };
    }
}
