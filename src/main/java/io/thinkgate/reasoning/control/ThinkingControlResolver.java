package io.thinkgate.reasoning.control;

import io.thinkgate.reasoning.thoughts.ThoughtSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Normalizes the thinking fields of every client dialect into one {@link ThinkingControl}.
 *
 * <p>Each dialect field makes a claim on the mode, the budget, or both. Claims are read in this order of precedence:
 * ThinkGate's {@code thinkgate} object, Anthropic {@code thinking}, OpenAI {@code reasoning_effort} and
 * {@code reasoning.effort}, vLLM/Qwen {@code chat_template_kwargs} and {@code thinking_token_budget}, llama.cpp
 * {@code thinking_budget_tokens} and {@code reasoning_budget_tokens}, SGLang/NIM {@code max_thinking_tokens}, and
 * Ollama {@code think}. The first claim on the mode decides it (and is reported as the source); the first claim on
 * the budget decides the budget. Claims that contradict each other are refused rather than silently ranked.
 *
 * <p>A claim for {@code auto} ({@code thinkgate.mode}, Anthropic's {@code adaptive}) is the weakest: any other claim
 * on the mode or the budget is an explicit control, and explicit controls beat auto.
 */
public final class ThinkingControlResolver {

    /** The names of {@code reasoning_effort} levels, in rising order; {@code none} turns thinking off. */
    public static final List<String> EFFORTS = List.of("minimal", "low", "medium", "high", "xhigh", "max");

    private final ThinkingMode defaultMode;
    private final OptionalInt defaultBudget;
    private final Map<String, Integer> effortBudgets;
    private final ThoughtSource defaultThoughtSource;

    /**
     * @param effortBudgets the budget for each level of {@link #EFFORTS}
     * @param defaultThoughtSource who writes thoughts when a request in thoughts mode does not say
     */
    public ThinkingControlResolver(ThinkingMode defaultMode, OptionalInt defaultBudget,
            Map<String, Integer> effortBudgets, ThoughtSource defaultThoughtSource) {
        for (String effort : EFFORTS) {
            if (!effortBudgets.containsKey(effort)) {
                throw new IllegalArgumentException("no budget for reasoning effort '" + effort + "'");
            }
        }
        this.defaultMode = defaultMode;
        this.defaultBudget = defaultBudget;
        this.effortBudgets = Map.copyOf(effortBudgets);
        this.defaultThoughtSource = defaultThoughtSource;
    }

    private record Claim(String param, Optional<ThinkingMode> mode, OptionalInt budget) {
        static Claim mode(String param, ThinkingMode mode) {
            return new Claim(param, Optional.of(mode), OptionalInt.empty());
        }

        static Claim budget(String param, int budget) {
            return new Claim(param, Optional.empty(), OptionalInt.of(budget));
        }

        static Claim both(String param, ThinkingMode mode, int budget) {
            return new Claim(param, Optional.of(mode), OptionalInt.of(budget));
        }
    }

    public ThinkingControl resolve(ThinkingRequest request) {
        Map<String, Object> extension = request.thinkgate() == null ? Map.of() : request.thinkgate();
        List<Claim> claims = new ArrayList<>();
        thinkgateClaims(extension, claims);
        anthropicClaims(request.anthropicThinking(), claims);
        effortClaim("reasoning_effort", request.reasoningEffort(), claims);
        effortClaim("reasoning.effort", request.reasoningObjectEffort(), claims);
        Boolean enable = bool("chat_template_kwargs.enable_thinking", request.enableThinking());
        if (enable != null) {
            claims.add(Claim.mode("chat_template_kwargs.enable_thinking",
                    enable ? ThinkingMode.THINK : ThinkingMode.NO_THINK));
        }
        budgetClaim("chat_template_kwargs.thinking_budget", request.templateThinkingBudget(), claims);
        budgetClaim("thinking_token_budget", request.thinkingTokenBudget(), claims);
        budgetClaim("thinking_budget_tokens", request.thinkingBudgetTokens(), claims);
        budgetClaim("reasoning_budget_tokens", request.reasoningBudgetTokens(), claims);
        budgetClaim("max_thinking_tokens", request.maxThinkingTokens(), claims);
        ollamaClaim(request.ollamaThink(), claims);

        Claim budgetClaim = claims.stream().filter(c -> c.budget().isPresent()).findFirst().orElse(null);
        OptionalInt min = integer("thinkgate.min_tokens", extension.get("min_tokens"), 0);
        Claim modeClaim = firstMode(claims.stream().filter(c -> !isAuto(c)).toList());
        if (modeClaim == null && budgetClaim == null && min.isEmpty()) {
            modeClaim = claims.stream().filter(ThinkingControlResolver::isAuto).findFirst().orElse(null);
        }
        ThinkingMode mode = modeClaim != null ? modeClaim.mode().get()
                : budgetClaim != null || min.isPresent() ? ThinkingMode.THINK : defaultMode;
        Optional<String> message = text("thinkgate.budget_message", extension.get("budget_message"))
                .or(() -> text("reasoning_budget_message", request.reasoningBudgetMessage()));
        Optional<Boolean> brake = Optional.ofNullable(bool("thinkgate.loop_brake", extension.get("loop_brake")));
        if (mode instanceof ThinkingMode.Auto) {
            return new ThinkingControl(mode, modeClaim == null ? "default" : modeClaim.param(), OptionalInt.empty(),
                    OptionalInt.empty(), message, brake);
        }
        String source = modeClaim != null ? modeClaim.param() : budgetClaim != null ? budgetClaim.param()
                : min.isPresent() ? "thinkgate.min_tokens" : "default";
        OptionalInt budget = budgetClaim != null ? budgetClaim.budget()
                : mode instanceof ThinkingMode.NoThink ? OptionalInt.empty() : defaultBudget;

        if (mode instanceof ThinkingMode.NoThink) {
            if (budgetClaim != null && budgetClaim.budget().getAsInt() > 0) {
                throw new InvalidThinkingException("'" + modeClaim.param() + "' turns thinking off, but '"
                        + budgetClaim.param() + "' gives it a budget of " + budgetClaim.budget().getAsInt()
                        + " tokens", modeClaim.param(), budgetClaim.param());
            }
            if (min.isPresent() && min.getAsInt() > 0) {
                throw new InvalidThinkingException("'" + source + "' turns thinking off, but 'thinkgate.min_tokens'"
                        + " asks for at least " + min.getAsInt() + " tokens of it", source, "thinkgate.min_tokens");
            }
            budget = OptionalInt.empty();
        }
        if (min.isPresent() && budget.isPresent() && min.getAsInt() > budget.getAsInt()) {
            if (budgetClaim == null) {
                throw new InvalidThinkingException("'thinkgate.min_tokens' (" + min.getAsInt()
                        + ") is larger than the server's default budget (" + budget.getAsInt() + ")",
                        "thinkgate.min_tokens");
            }
            throw new InvalidThinkingException("'thinkgate.min_tokens' (" + min.getAsInt() + ") is larger than '"
                    + budgetClaim.param() + "' (" + budget.getAsInt() + ")", "thinkgate.min_tokens",
                    budgetClaim.param());
        }
        return new ThinkingControl(mode, source, budget, min, message, brake);
    }

    private static boolean isAuto(Claim claim) {
        return claim.mode().isPresent() && claim.mode().get() instanceof ThinkingMode.Auto;
    }

    private static Claim firstMode(List<Claim> claims) {
        Claim first = null;
        for (Claim claim : claims) {
            if (claim.mode().isEmpty()) {
                continue;
            }
            if (first == null) {
                first = claim;
            } else if (first.mode().get() instanceof ThinkingMode.NoThink
                    != claim.mode().get() instanceof ThinkingMode.NoThink) {
                throw new InvalidThinkingException("'" + first.param() + "' asks for " + first.mode().get().wireName()
                        + " but '" + claim.param() + "' asks for " + claim.mode().get().wireName(), first.param(),
                        claim.param());
            }
        }
        return first;
    }

    private void thinkgateClaims(Map<String, Object> extension, List<Claim> claims) {
        Object mode = extension.get("mode");
        Object auto = extension.get("auto");
        if (mode != null) {
            String name = String.valueOf(mode);
            ThinkingMode parsed = switch (name) {
                case "think" -> ThinkingMode.THINK;
                case "no_think" -> ThinkingMode.NO_THINK;
                case "thoughts" -> thoughts(extension.get("thoughts"));
                case "auto" -> auto(auto);
                default -> throw new InvalidThinkingException(
                        "'thinkgate.mode' must be one of think, no_think, thoughts, auto; got '" + name + "'",
                        "thinkgate.mode");
            };
            if (auto != null && !(parsed instanceof ThinkingMode.Auto)) {
                throw new InvalidThinkingException("'thinkgate.auto' only applies in auto mode, but 'thinkgate.mode'"
                        + " is " + name, "thinkgate.auto", "thinkgate.mode");
            }
            claims.add(Claim.mode("thinkgate.mode", parsed));
        } else if (auto != null) {
            claims.add(Claim.mode("thinkgate.auto", auto(auto)));
        }
        integer("thinkgate.budget_tokens", extension.get("budget_tokens"), 1)
                .ifPresent(budget -> claims.add(Claim.budget("thinkgate.budget_tokens", budget)));
    }

    private static ThinkingMode.Auto auto(Object value) {
        if (value != null && !(value instanceof Map)) {
            throw new InvalidThinkingException("'thinkgate.auto' must be an object", "thinkgate.auto");
        }
        Object strategy = value == null ? null : ((Map<?, ?>) value).get("strategy");
        return new ThinkingMode.Auto(text("thinkgate.auto.strategy", strategy));
    }

    private ThinkingMode.Thoughts thoughts(Object value) {
        if (value != null && !(value instanceof Map)) {
            throw new InvalidThinkingException("'thinkgate.thoughts' must be an object", "thinkgate.thoughts");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> thoughts = value == null ? Map.of() : (Map<String, Object>) value;
        Object sourceName = thoughts.get("source");
        ThoughtSource source = sourceName == null ? defaultThoughtSource
                : ThoughtSource.fromWire(String.valueOf(sourceName)).orElseThrow(() -> new InvalidThinkingException(
                        "'thinkgate.thoughts.source' must be one of thought-model, self, client; got '" + sourceName
                                + "'", "thinkgate.thoughts.source"));
        Optional<String> text = text("thinkgate.thoughts.text", thoughts.get("text"));
        if (source == ThoughtSource.CLIENT && text.isEmpty()) {
            throw new InvalidThinkingException("'thinkgate.thoughts.text' is required when the source is client",
                    "thinkgate.thoughts.text");
        }
        if (source != ThoughtSource.CLIENT && text.isPresent()) {
            throw new InvalidThinkingException("'thinkgate.thoughts.text' is only used when the source is client, "
                    + "but 'thinkgate.thoughts.source' is " + source.wireName(), "thinkgate.thoughts.text",
                    "thinkgate.thoughts.source");
        }
        return new ThinkingMode.Thoughts(source, text,
                integer("thinkgate.thoughts.max_tokens", thoughts.get("max_tokens"), 1));
    }

    private static void anthropicClaims(Map<String, Object> thinking, List<Claim> claims) {
        if (thinking == null) {
            return;
        }
        Object type = thinking.get("type");
        switch (String.valueOf(type)) {
            case "enabled" -> {
                OptionalInt budget = integer("thinking.budget_tokens", thinking.get("budget_tokens"), 1);
                claims.add(budget.isPresent() ? Claim.both("thinking", ThinkingMode.THINK, budget.getAsInt())
                        : Claim.mode("thinking", ThinkingMode.THINK));
            }
            case "disabled" -> claims.add(Claim.mode("thinking", ThinkingMode.NO_THINK));
            case "adaptive" -> claims.add(Claim.mode("thinking", new ThinkingMode.Auto(Optional.empty())));
            default -> throw new InvalidThinkingException(
                    "'thinking.type' must be one of enabled, disabled, adaptive; got '" + type + "'", "thinking.type");
        }
    }

    private void effortClaim(String param, Object value, List<Claim> claims) {
        if (value == null) {
            return;
        }
        String effort = String.valueOf(value).toLowerCase(Locale.ROOT);
        if (effort.equals("none")) {
            claims.add(Claim.mode(param, ThinkingMode.NO_THINK));
        } else if (effortBudgets.containsKey(effort)) {
            claims.add(Claim.both(param, ThinkingMode.THINK, effortBudgets.get(effort)));
        } else {
            throw new InvalidThinkingException("'" + param + "' must be one of none, " + String.join(", ", EFFORTS)
                    + "; got '" + value + "'", param);
        }
    }

    /** A budget of 0 turns thinking off (Qwen, llama.cpp); llama.cpp's -1 means no budget. */
    private static void budgetClaim(String param, Object value, List<Claim> claims) {
        OptionalInt budget = integer(param, value, -1);
        if (budget.isEmpty() || budget.getAsInt() == -1) {
            return;
        }
        claims.add(budget.getAsInt() == 0 ? Claim.mode(param, ThinkingMode.NO_THINK)
                : Claim.budget(param, budget.getAsInt()));
    }

    private void ollamaClaim(Object think, List<Claim> claims) {
        if (think == null) {
            return;
        }
        if (think instanceof Boolean on) {
            claims.add(Claim.mode("think", on ? ThinkingMode.THINK : ThinkingMode.NO_THINK));
        } else if (think instanceof String) {
            effortClaim("think", think, claims);
        } else {
            throw new InvalidThinkingException("'think' must be a boolean or a reasoning_effort level", "think");
        }
    }

    private static OptionalInt integer(String param, Object value, int min) {
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && number.doubleValue() >= min && number.doubleValue() <= Integer.MAX_VALUE) {
            return OptionalInt.of(number.intValue());
        }
        throw new InvalidThinkingException("'" + param + "' must be an integer of at least " + min + "; got " + value,
                param);
    }

    private static Boolean bool(String param, Object value) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new InvalidThinkingException("'" + param + "' must be a boolean; got " + value, param);
    }

    private static Optional<String> text(String param, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String string && !string.isEmpty()) {
            return Optional.of(string);
        }
        throw new InvalidThinkingException("'" + param + "' must be a non-empty string", param);
    }
}
