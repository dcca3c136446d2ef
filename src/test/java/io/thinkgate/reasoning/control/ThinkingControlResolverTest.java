package io.thinkgate.reasoning.control;

import io.thinkgate.reasoning.thoughts.ThoughtSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThinkingControlResolverTest {

    static final Map<String, Integer> EFFORT_BUDGETS = Map.of("minimal", 128, "low", 1024, "medium", 2048,
            "high", 4096, "xhigh", 8192, "max", 16384);

    /** Default think, no default budget. */
    static final ThinkingControlResolver RESOLVER = new ThinkingControlResolver(ThinkingMode.THINK, OptionalInt.empty(),
            EFFORT_BUDGETS, ThoughtSource.THOUGHT_MODEL);

    /** Default think with a default budget of 3000. */
    static final ThinkingControlResolver BUDGETED = new ThinkingControlResolver(ThinkingMode.THINK, OptionalInt.of(3000),
            EFFORT_BUDGETS, ThoughtSource.THOUGHT_MODEL);

    static final ThinkingControlResolver NO_THINK_DEFAULT = new ThinkingControlResolver(ThinkingMode.NO_THINK,
            OptionalInt.of(3000), EFFORT_BUDGETS, ThoughtSource.SELF);

    /** Mutable builder of a {@link ThinkingRequest}, one field per dialect. */
    static final class Req {
        Object reasoningEffort;
        Object reasoningObjectEffort;
        Map<String, Object> anthropicThinking;
        Object enableThinking;
        Object templateThinkingBudget;
        Object thinkingTokenBudget;
        Object thinkingBudgetTokens;
        Object reasoningBudgetTokens;
        Object reasoningBudgetMessage;
        Object maxThinkingTokens;
        Object ollamaThink;
        Map<String, Object> thinkgate;

        Req effort(Object v) {
            reasoningEffort = v;
            return this;
        }

        Req objectEffort(Object v) {
            reasoningObjectEffort = v;
            return this;
        }

        Req anthropic(Object type, Object budget) {
            anthropicThinking = new HashMap<>();
            if (type != null) {
                anthropicThinking.put("type", type);
            }
            if (budget != null) {
                anthropicThinking.put("budget_tokens", budget);
            }
            return this;
        }

        Req enable(Object v) {
            enableThinking = v;
            return this;
        }

        Req templateBudget(Object v) {
            templateThinkingBudget = v;
            return this;
        }

        Req tokenBudget(Object v) {
            thinkingTokenBudget = v;
            return this;
        }

        Req budgetTokens(Object v) {
            thinkingBudgetTokens = v;
            return this;
        }

        Req reasoningBudget(Object v) {
            reasoningBudgetTokens = v;
            return this;
        }

        Req budgetMessage(Object v) {
            reasoningBudgetMessage = v;
            return this;
        }

        Req maxThinking(Object v) {
            maxThinkingTokens = v;
            return this;
        }

        Req think(Object v) {
            ollamaThink = v;
            return this;
        }

        Req tg(String key, Object value) {
            if (thinkgate == null) {
                thinkgate = new LinkedHashMap<>();
            }
            thinkgate.put(key, value);
            return this;
        }

        ThinkingRequest build() {
            return new ThinkingRequest(reasoningEffort, reasoningObjectEffort, anthropicThinking, enableThinking,
                    templateThinkingBudget, thinkingTokenBudget, thinkingBudgetTokens, reasoningBudgetTokens,
                    reasoningBudgetMessage, maxThinkingTokens, ollamaThink, thinkgate);
        }
    }

    static Req req() {
        return new Req();
    }

    static ThinkingControl resolve(Req req) {
        return RESOLVER.resolve(req.build());
    }

    static void assertControl(ThinkingMode mode, String source, OptionalInt budget, ThinkingControl control) {
        assertEquals(mode, control.mode(), "mode");
        assertEquals(source, control.source(), "source");
        assertEquals(budget, control.budgetTokens(), "budget");
    }

    static InvalidThinkingException assertInvalid(ThinkingControlResolver resolver, Req req, String... params) {
        InvalidThinkingException e = assertThrows(InvalidThinkingException.class, () -> resolver.resolve(req.build()));
        assertEquals(params.length, e.params().size(), "params " + e.params());
        for (String param : params) {
            assertTrue(e.params().contains(param), "params " + e.params() + " should name " + param);
            assertTrue(e.getMessage().contains(param), "message '" + e.getMessage() + "' should name " + param);
        }
        return e;
    }

    static InvalidThinkingException assertInvalid(Req req, String... params) {
        return assertInvalid(RESOLVER, req, params);
    }

    // ---- defaults ---------------------------------------------------------------------------------------------------

    @Test
    void nothingSentUsesDefaultModeWithoutBudget() {
        ThinkingControl control = RESOLVER.resolve(ThinkingRequest.empty());
        assertEquals(ThinkingControl.of(ThinkingMode.THINK, "default"), control);
    }

    @Test
    void nothingSentUsesDefaultBudget() {
        ThinkingControl control = BUDGETED.resolve(ThinkingRequest.empty());
        assertControl(ThinkingMode.THINK, "default", OptionalInt.of(3000), control);
        assertEquals(OptionalInt.empty(), control.minTokens());
        assertEquals(Optional.empty(), control.conclusionMessage());
        assertEquals(Optional.empty(), control.loopBrake());
    }

    @Test
    void nothingSentWithNoThinkDefault() {
        assertControl(ThinkingMode.NO_THINK, "default", OptionalInt.empty(),
                NO_THINK_DEFAULT.resolve(ThinkingRequest.empty()));
    }

    @Test
    void emptyThinkgateObjectIsLikeNothingSent() {
        assertControl(ThinkingMode.THINK, "default", OptionalInt.of(3000),
                BUDGETED.resolve(req().tg("unknown_key", 1).build()));
    }

    @Test
    void budgetClaimTurnsThinkingOnOverNoThinkDefault() {
        assertControl(ThinkingMode.THINK, "max_thinking_tokens", OptionalInt.of(700),
                NO_THINK_DEFAULT.resolve(req().maxThinking(700).build()));
    }

    @Test
    void modeClaimWithoutBudgetGetsTheDefaultBudget() {
        // The server's default budget is an operator's bound: asking for thinking without a budget stays under it.
        assertControl(ThinkingMode.THINK, "chat_template_kwargs.enable_thinking", OptionalInt.of(3000),
                BUDGETED.resolve(req().enable(true).build()));
        assertControl(ThinkingMode.THINK, "thinking", OptionalInt.of(3000),
                BUDGETED.resolve(req().anthropic("enabled", null).build()));
    }

    @Test
    void noThinkClearsDefaultBudget() {
        assertControl(ThinkingMode.NO_THINK, "reasoning_effort", OptionalInt.empty(),
                BUDGETED.resolve(req().effort("none").build()));
    }

    // ---- reasoning_effort, reasoning.effort, Ollama think levels --------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({"minimal, 128", "low, 1024", "medium, 2048", "high, 4096", "xhigh, 8192", "max, 16384"})
    void effortLevels(String effort, int budget) {
        assertControl(ThinkingMode.THINK, "reasoning_effort", OptionalInt.of(budget), resolve(req().effort(effort)));
        assertControl(ThinkingMode.THINK, "reasoning.effort", OptionalInt.of(budget),
                resolve(req().objectEffort(effort)));
        assertControl(ThinkingMode.THINK, "think", OptionalInt.of(budget), resolve(req().think(effort)));
    }

    @Test
    void effortNoneTurnsThinkingOff() {
        assertControl(ThinkingMode.NO_THINK, "reasoning_effort", OptionalInt.empty(), resolve(req().effort("none")));
        assertControl(ThinkingMode.NO_THINK, "reasoning.effort", OptionalInt.empty(),
                resolve(req().objectEffort("none")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HIGH", "High", "hIgH"})
    void effortIsCaseInsensitive(String effort) {
        assertControl(ThinkingMode.THINK, "reasoning_effort", OptionalInt.of(4096), resolve(req().effort(effort)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "huge", "extreme", "none ", " high", "off", "auto"})
    void unknownEffortIsRejected(String effort) {
        InvalidThinkingException e = assertInvalid(req().effort(effort), "reasoning_effort");
        assertTrue(e.getMessage().contains(effort));
        assertInvalid(req().objectEffort(effort), "reasoning.effort");
    }

    @Test
    void nonStringEffortIsRejected() {
        assertInvalid(req().effort(3), "reasoning_effort");
        assertInvalid(req().effort(true), "reasoning_effort");
        assertInvalid(req().objectEffort(Map.of("x", 1)), "reasoning.effort");
    }

    // ---- Anthropic thinking -------------------------------------------------------------------------------------

    @Test
    void anthropicEnabledWithBudget() {
        ThinkingControl control = resolve(req().anthropic("enabled", 2000));
        assertControl(ThinkingMode.THINK, "thinking", OptionalInt.of(2000), control);
    }

    @Test
    void anthropicEnabledWithIntegralDoubleAndLongBudget() {
        assertControl(ThinkingMode.THINK, "thinking", OptionalInt.of(2000), resolve(req().anthropic("enabled", 2000.0)));
        assertControl(ThinkingMode.THINK, "thinking", OptionalInt.of(2000), resolve(req().anthropic("enabled", 2000L)));
        assertControl(ThinkingMode.THINK, "thinking", OptionalInt.of(2000),
                resolve(req().anthropic("enabled", new BigDecimal("2000"))));
    }

    @Test
    void anthropicEnabledWithoutBudget() {
        assertControl(ThinkingMode.THINK, "thinking", OptionalInt.empty(), resolve(req().anthropic("enabled", null)));
    }

    @Test
    void anthropicDisabled() {
        assertControl(ThinkingMode.NO_THINK, "thinking", OptionalInt.empty(), resolve(req().anthropic("disabled", null)));
    }

    static final ThinkingMode AUTO = new ThinkingMode.Auto(Optional.empty());

    static final ThinkingControlResolver AUTO_DEFAULT = new ThinkingControlResolver(AUTO, OptionalInt.of(3000),
            EFFORT_BUDGETS, ThoughtSource.SELF);

    @Test
    void anthropicAdaptiveAsksForAuto() {
        assertControl(AUTO, "thinking", OptionalInt.empty(), BUDGETED.resolve(req().anthropic("adaptive", null).build()));
        assertControl(AUTO, "thinking", OptionalInt.empty(),
                NO_THINK_DEFAULT.resolve(req().anthropic("adaptive", null).build()));
    }

    @Test
    void thinkgateModeAutoWithAndWithoutAStrategy() {
        assertControl(AUTO, "thinkgate.mode", OptionalInt.empty(), resolve(req().tg("mode", "auto")));
        assertControl(new ThinkingMode.Auto(Optional.of("heuristic")), "thinkgate.mode", OptionalInt.empty(),
                resolve(req().tg("mode", "auto").tg("auto", Map.of("strategy", "heuristic"))));
        assertControl(new ThinkingMode.Auto(Optional.of("probe")), "thinkgate.auto", OptionalInt.empty(),
                resolve(req().tg("auto", Map.of("strategy", "probe"))));
    }

    @Test
    void theServerDefaultCanBeAuto() {
        assertControl(AUTO, "default", OptionalInt.empty(), AUTO_DEFAULT.resolve(req().build()));
    }

    /** Explicit controls beat auto: any other claim on the mode or the budget decides, with no contradiction. */
    @Test
    void explicitControlsBeatAuto() {
        assertControl(ThinkingMode.THINK, "reasoning_effort", OptionalInt.of(1024),
                resolve(req().anthropic("adaptive", null).effort("low")));
        assertControl(ThinkingMode.NO_THINK, "reasoning_effort", OptionalInt.empty(),
                resolve(req().tg("mode", "auto").effort("none")));
        assertControl(ThinkingMode.THINK, "thinking_budget_tokens", OptionalInt.of(500),
                resolve(req().tg("mode", "auto").budgetTokens(500)));
        assertControl(ThinkingMode.THINK, "thinkgate.min_tokens", OptionalInt.of(3000),
                AUTO_DEFAULT.resolve(req().tg("min_tokens", 10).build()));
        assertControl(ThinkingMode.NO_THINK, "chat_template_kwargs.enable_thinking", OptionalInt.empty(),
                AUTO_DEFAULT.resolve(req().enable(false).build()));
        assertControl(ThinkingMode.THINK, "reasoning_effort", OptionalInt.of(4096),
                AUTO_DEFAULT.resolve(req().effort("high").build()));
    }

    @Test
    void autoKeepsTheRequestsConclusionMessageAndLoopBrake() {
        ThinkingControl control = resolve(req().tg("mode", "auto").tg("budget_message", "Enough.")
                .tg("loop_brake", false));
        assertEquals(Optional.of("Enough."), control.conclusionMessage());
        assertEquals(Optional.of(false), control.loopBrake());
    }

    @Test
    void autoOptionsOutsideAutoModeOrOfTheWrongShapeAreRefused() {
        assertInvalid(req().tg("mode", "think").tg("auto", Map.of("strategy", "heuristic")), "thinkgate.auto",
                "thinkgate.mode");
        assertInvalid(req().tg("mode", "auto").tg("auto", "heuristic"), "thinkgate.auto");
        assertInvalid(req().tg("mode", "auto").tg("auto", Map.of("strategy", 3)), "thinkgate.auto.strategy");
        assertInvalid(req().tg("mode", "auto").tg("auto", Map.of("strategy", "")), "thinkgate.auto.strategy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "ENABLED", "", "on", "Adaptive"})
    void unknownAnthropicTypeIsRejected(String type) {
        assertInvalid(req().anthropic(type, null), "thinking.type");
    }

    @Test
    void missingOrNonStringAnthropicTypeIsRejected() {
        assertInvalid(req().anthropic(null, 1000), "thinking.type");
        assertInvalid(req().anthropic(true, null), "thinking.type");
    }

    static Stream<Object> badPositiveIntegers() {
        return Stream.of("2000", 0, -1, -2000, 1.5, 2000.25, Double.NaN, Double.POSITIVE_INFINITY,
                (long) Integer.MAX_VALUE + 1, true, List.of(1));
    }

    @ParameterizedTest
    @MethodSource("badPositiveIntegers")
    void malformedAnthropicBudgetIsRejected(Object budget) {
        assertInvalid(req().anthropic("enabled", budget), "thinking.budget_tokens");
    }

    // ---- chat_template_kwargs.enable_thinking ---------------------------------------------------------------------

    @Test
    void enableThinking() {
        assertControl(ThinkingMode.THINK, "chat_template_kwargs.enable_thinking", OptionalInt.empty(),
                resolve(req().enable(true)));
        assertControl(ThinkingMode.NO_THINK, "chat_template_kwargs.enable_thinking", OptionalInt.empty(),
                resolve(req().enable(false)));
    }

    @ParameterizedTest
    @MethodSource("nonBooleans")
    void malformedEnableThinkingIsRejected(Object value) {
        assertInvalid(req().enable(value), "chat_template_kwargs.enable_thinking");
    }

    static Stream<Object> nonBooleans() {
        return Stream.of("true", "false", 1, 0, "yes", Map.of());
    }

    // ---- budget-only dialects -------------------------------------------------------------------------------------

    static Stream<Arguments> budgetParams() {
        return Stream.of(
                Arguments.of("chat_template_kwargs.thinking_budget", (BiFunction<Req, Object, Req>) Req::templateBudget),
                Arguments.of("thinking_token_budget", (BiFunction<Req, Object, Req>) Req::tokenBudget),
                Arguments.of("thinking_budget_tokens", (BiFunction<Req, Object, Req>) Req::budgetTokens),
                Arguments.of("reasoning_budget_tokens", (BiFunction<Req, Object, Req>) Req::reasoningBudget),
                Arguments.of("max_thinking_tokens", (BiFunction<Req, Object, Req>) Req::maxThinking));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("budgetParams")
    void positiveBudgetTurnsThinkingOnWithThatBudget(String param, BiFunction<Req, Object, Req> set) {
        assertControl(ThinkingMode.THINK, param, OptionalInt.of(500), resolve(set.apply(req(), 500)));
        assertControl(ThinkingMode.THINK, param, OptionalInt.of(500), resolve(set.apply(req(), 500L)));
        assertControl(ThinkingMode.THINK, param, OptionalInt.of(500), resolve(set.apply(req(), 500.0)));
        assertControl(ThinkingMode.THINK, param, OptionalInt.of(1), resolve(set.apply(req(), 1)));
        assertControl(ThinkingMode.THINK, param, OptionalInt.of(Integer.MAX_VALUE),
                resolve(set.apply(req(), Integer.MAX_VALUE)));
        assertControl(ThinkingMode.THINK, param, OptionalInt.of(500),
                NO_THINK_DEFAULT.resolve(set.apply(req(), 500).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("budgetParams")
    void zeroBudgetTurnsThinkingOff(String param, BiFunction<Req, Object, Req> set) {
        assertControl(ThinkingMode.NO_THINK, param, OptionalInt.empty(), resolve(set.apply(req(), 0)));
        assertControl(ThinkingMode.NO_THINK, param, OptionalInt.empty(), BUDGETED.resolve(set.apply(req(), 0).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("budgetParams")
    void minusOneMeansNoBudget(String param, BiFunction<Req, Object, Req> set) {
        assertControl(ThinkingMode.THINK, "default", OptionalInt.of(3000), BUDGETED.resolve(set.apply(req(), -1).build()));
        assertControl(ThinkingMode.NO_THINK, "default", OptionalInt.empty(),
                NO_THINK_DEFAULT.resolve(set.apply(req(), -1).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("budgetParams")
    void malformedBudgetIsRejected(String param, BiFunction<Req, Object, Req> set) {
        for (Object bad : List.of("500", "-1", -2, -1000, 1.5, -0.5, Double.NaN, Double.NEGATIVE_INFINITY,
                (long) Integer.MAX_VALUE + 1, true, List.of())) {
            InvalidThinkingException e = assertThrows(InvalidThinkingException.class,
                    () -> RESOLVER.resolve(set.apply(req(), bad).build()), param + " = " + bad);
            assertEquals(List.of(param), e.params(), param + " = " + bad);
        }
    }

    // ---- Ollama think ---------------------------------------------------------------------------------------------

    @Test
    void ollamaThinkBoolean() {
        assertControl(ThinkingMode.THINK, "think", OptionalInt.empty(), resolve(req().think(true)));
        assertControl(ThinkingMode.NO_THINK, "think", OptionalInt.empty(), resolve(req().think(false)));
    }

    @Test
    void ollamaThinkLevels() {
        assertControl(ThinkingMode.THINK, "think", OptionalInt.of(4096), resolve(req().think("high")));
        assertControl(ThinkingMode.THINK, "think", OptionalInt.of(2048), resolve(req().think("medium")));
        assertControl(ThinkingMode.THINK, "think", OptionalInt.of(1024), resolve(req().think("low")));
        assertControl(ThinkingMode.NO_THINK, "think", OptionalInt.empty(), resolve(req().think("none")));
    }

    @Test
    void malformedOllamaThinkIsRejected() {
        assertInvalid(req().think("true"), "think");
        assertInvalid(req().think("very"), "think");
        assertInvalid(req().think(1), "think");
        assertInvalid(req().think(0), "think");
        assertInvalid(req().think(Map.of()), "think");
    }

    // ---- thinkgate object ---------------------------------------------------------------------------------------

    @Test
    void thinkgateMode() {
        assertControl(ThinkingMode.THINK, "thinkgate.mode", OptionalInt.empty(), resolve(req().tg("mode", "think")));
        assertControl(ThinkingMode.NO_THINK, "thinkgate.mode", OptionalInt.empty(),
                resolve(req().tg("mode", "no_think")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"THINK", "AUTO", "", "no-think", "nothink", "adaptive"})
    void unknownThinkgateModeIsRejected(String mode) {
        assertInvalid(req().tg("mode", mode), "thinkgate.mode");
    }

    @Test
    void nonStringThinkgateModeIsRejected() {
        assertInvalid(req().tg("mode", true), "thinkgate.mode");
    }

    @Test
    void thinkgateBudget() {
        assertControl(ThinkingMode.THINK, "thinkgate.budget_tokens", OptionalInt.of(777),
                resolve(req().tg("budget_tokens", 777)));
        assertControl(ThinkingMode.THINK, "thinkgate.mode", OptionalInt.of(777),
                resolve(req().tg("mode", "think").tg("budget_tokens", 777)));
    }

    @ParameterizedTest
    @MethodSource("badPositiveIntegers")
    void malformedThinkgateBudgetIsRejected(Object budget) {
        assertInvalid(req().tg("budget_tokens", budget), "thinkgate.budget_tokens");
    }

    @Test
    void thinkgateMinTokens() {
        ThinkingControl control = resolve(req().tg("min_tokens", 300).tg("budget_tokens", 1000));
        assertEquals(OptionalInt.of(300), control.minTokens());
        assertEquals(OptionalInt.of(1000), control.budgetTokens());
        assertEquals(OptionalInt.of(1000), resolve(req().tg("min_tokens", 1000).tg("budget_tokens", 1000)).minTokens(),
                "min equal to budget is fine");
        assertEquals(OptionalInt.of(0), resolve(req().tg("min_tokens", 0)).minTokens());
        ThinkingControl unbudgeted = resolve(req().tg("min_tokens", 50_000));
        assertEquals(OptionalInt.of(50_000), unbudgeted.minTokens());
        assertEquals(ThinkingMode.THINK, unbudgeted.mode());
        assertEquals("thinkgate.min_tokens", unbudgeted.source(), "a minimum alone asks for thinking");
    }

    @Test
    void malformedThinkgateMinTokensIsRejected() {
        for (Object bad : List.of(-1, 1.5, "10", true)) {
            assertInvalid(req().tg("min_tokens", bad), "thinkgate.min_tokens");
        }
    }

    @Test
    void budgetMessages() {
        assertEquals(Optional.of("Stop."), resolve(req().tg("budget_message", "Stop.")).conclusionMessage());
        assertEquals(Optional.of("Halt."), resolve(req().budgetMessage("Halt.")).conclusionMessage());
        assertEquals(Optional.of("Stop."),
                resolve(req().tg("budget_message", "Stop.").budgetMessage("Halt.")).conclusionMessage(),
                "thinkgate.budget_message wins over reasoning_budget_message");
    }

    @Test
    void malformedBudgetMessagesAreRejected() {
        assertInvalid(req().tg("budget_message", ""), "thinkgate.budget_message");
        assertInvalid(req().tg("budget_message", 5), "thinkgate.budget_message");
        assertInvalid(req().budgetMessage(""), "reasoning_budget_message");
        assertInvalid(req().budgetMessage(List.of("x")), "reasoning_budget_message");
    }

    @Test
    void loopBrake() {
        assertEquals(Optional.of(true), resolve(req().tg("loop_brake", true)).loopBrake());
        assertEquals(Optional.of(false), resolve(req().tg("loop_brake", false)).loopBrake());
        assertEquals(Optional.empty(), resolve(req().tg("mode", "think")).loopBrake());
    }

    @Test
    void malformedLoopBrakeIsRejected() {
        assertInvalid(req().tg("loop_brake", "true"), "thinkgate.loop_brake");
        assertInvalid(req().tg("loop_brake", 1), "thinkgate.loop_brake");
    }

    @Test
    void fullThinkgateObject() {
        ThinkingControl control = resolve(req().tg("mode", "think").tg("budget_tokens", 4000).tg("min_tokens", 500)
                .tg("budget_message", "Wrap up.").tg("loop_brake", true));
        assertEquals(new ThinkingControl(ThinkingMode.THINK, "thinkgate.mode", OptionalInt.of(4000),
                OptionalInt.of(500), Optional.of("Wrap up."), Optional.of(true)), control);
    }

    // ---- precedence ---------------------------------------------------------------------------------------------

    @Test
    void thinkgateBudgetWinsOverEffortBudgetButEffortIsTheModeSource() {
        assertControl(ThinkingMode.THINK, "reasoning_effort", OptionalInt.of(300),
                resolve(req().tg("budget_tokens", 300).effort("high")));
    }

    @Test
    void thinkgateModeWinsAsSource() {
        assertControl(ThinkingMode.THINK, "thinkgate.mode", OptionalInt.of(2048),
                resolve(req().tg("mode", "think").effort("medium").enable(true).think(true)));
        assertControl(ThinkingMode.NO_THINK, "thinkgate.mode", OptionalInt.empty(),
                resolve(req().tg("mode", "no_think").anthropic("disabled", null).effort("none").enable(false)
                        .think(false).reasoningBudget(0)));
    }

    @Test
    void anthropicWinsOverEffort() {
        assertControl(ThinkingMode.THINK, "thinking", OptionalInt.of(5000),
                resolve(req().anthropic("enabled", 5000).effort("low")));
        assertControl(ThinkingMode.THINK, "thinking", OptionalInt.of(1024),
                resolve(req().anthropic("enabled", null).effort("low")));
    }

    @Test
    void reasoningEffortWinsOverReasoningObjectEffort() {
        assertControl(ThinkingMode.THINK, "reasoning_effort", OptionalInt.of(1024),
                resolve(req().effort("low").objectEffort("high")));
        assertControl(ThinkingMode.THINK, "reasoning_effort", OptionalInt.of(16384),
                resolve(req().effort("max").objectEffort("minimal")));
    }

    @Test
    void effortBudgetWinsOverBudgetDialects() {
        assertControl(ThinkingMode.THINK, "reasoning_effort", OptionalInt.of(4096),
                resolve(req().effort("high").tokenBudget(500).maxThinking(600)));
        assertControl(ThinkingMode.THINK, "reasoning.effort", OptionalInt.of(2048),
                resolve(req().objectEffort("medium").templateBudget(100)));
    }

    @Test
    void budgetDialectsInOrder() {
        assertControl(ThinkingMode.THINK, "chat_template_kwargs.thinking_budget", OptionalInt.of(50),
                resolve(req().templateBudget(50).tokenBudget(100).budgetTokens(200).reasoningBudget(300)
                        .maxThinking(400)));
        assertControl(ThinkingMode.THINK, "thinking_token_budget", OptionalInt.of(100),
                resolve(req().tokenBudget(100).budgetTokens(200).reasoningBudget(300).maxThinking(400)));
        assertControl(ThinkingMode.THINK, "thinking_budget_tokens", OptionalInt.of(200),
                resolve(req().budgetTokens(200).reasoningBudget(300).maxThinking(400)));
        assertControl(ThinkingMode.THINK, "reasoning_budget_tokens", OptionalInt.of(300),
                resolve(req().reasoningBudget(300).maxThinking(400)));
        assertControl(ThinkingMode.THINK, "thinking_budget_tokens", OptionalInt.of(200),
                resolve(req().reasoningBudget(-1).budgetTokens(200))); // -1 is skipped, not a claim
    }

    @Test
    void modeSourceFromEnableThinkingBudgetFromLaterDialect() {
        assertControl(ThinkingMode.THINK, "chat_template_kwargs.enable_thinking", OptionalInt.of(700),
                resolve(req().enable(true).tokenBudget(700)));
        assertControl(ThinkingMode.THINK, "think", OptionalInt.of(900), resolve(req().think(true).maxThinking(900)));
    }

    @Test
    void agreeingNoThinkClaims() {
        assertControl(ThinkingMode.NO_THINK, "reasoning_effort", OptionalInt.empty(),
                resolve(req().effort("none").enable(false).think(false)));
        assertControl(ThinkingMode.NO_THINK, "thinking_budget_tokens", OptionalInt.empty(),
                resolve(req().budgetTokens(0).reasoningBudget(0)));
        assertControl(ThinkingMode.NO_THINK, "thinking", OptionalInt.empty(),
                resolve(req().anthropic("disabled", null).maxThinking(0)));
    }

    // ---- contradictions -----------------------------------------------------------------------------------------

    @Test
    void disabledWithPositiveBudgetIsRejected() {
        assertInvalid(req().anthropic("disabled", null).tg("budget_tokens", 500), "thinking", "thinkgate.budget_tokens");
        assertInvalid(req().anthropic("disabled", null).tokenBudget(500), "thinking", "thinking_token_budget");
        assertInvalid(req().effort("none").maxThinking(100), "reasoning_effort", "max_thinking_tokens");
        assertInvalid(req().enable(false).templateBudget(100), "chat_template_kwargs.enable_thinking",
                "chat_template_kwargs.thinking_budget");
        assertInvalid(req().reasoningBudget(0).maxThinking(100), "reasoning_budget_tokens", "max_thinking_tokens");
        assertInvalid(req().tg("mode", "no_think").tg("budget_tokens", 10), "thinkgate.mode",
                "thinkgate.budget_tokens");
        assertInvalid(req().think(false).budgetTokens(64), "think", "thinking_budget_tokens");
    }

    @Test
    void contradictingModesAreRejected() {
        assertInvalid(req().enable(false).effort("high"), "reasoning_effort", "chat_template_kwargs.enable_thinking");
        assertInvalid(req().anthropic("disabled", null).effort("low"), "thinking", "reasoning_effort");
        assertInvalid(req().anthropic("enabled", 2000).think(false), "thinking", "think");
        assertInvalid(req().tg("mode", "no_think").anthropic("enabled", null), "thinkgate.mode", "thinking");
        assertInvalid(req().tg("mode", "think").effort("none"), "thinkgate.mode", "reasoning_effort");
        assertInvalid(req().effort("none").objectEffort("high"), "reasoning_effort", "reasoning.effort");
        assertInvalid(req().effort("high").budgetTokens(0), "reasoning_effort", "thinking_budget_tokens");
        assertInvalid(req().enable(true).think(false), "chat_template_kwargs.enable_thinking", "think");
        assertInvalid(req().think("high").enable(false), "chat_template_kwargs.enable_thinking", "think");
    }

    @Test
    void contradictionParamsAreInPrecedenceOrder() {
        InvalidThinkingException e = assertThrows(InvalidThinkingException.class,
                () -> resolve(req().enable(false).effort("high")));
        assertEquals(List.of("reasoning_effort", "chat_template_kwargs.enable_thinking"), e.params());
    }

    @Test
    void minAboveBudgetIsRejected() {
        assertInvalid(req().tg("min_tokens", 600).tg("budget_tokens", 500), "thinkgate.min_tokens",
                "thinkgate.budget_tokens");
        assertInvalid(req().tg("min_tokens", 5000).effort("low"), "thinkgate.min_tokens", "reasoning_effort");
        assertInvalid(req().tg("min_tokens", 2001).anthropic("enabled", 2000), "thinkgate.min_tokens", "thinking");
        assertInvalid(req().tg("min_tokens", 101).maxThinking(100), "thinkgate.min_tokens", "max_thinking_tokens");
    }

    @Test
    void minAboveDefaultBudgetIsRejected() {
        InvalidThinkingException e = assertThrows(InvalidThinkingException.class,
                () -> BUDGETED.resolve(req().tg("min_tokens", 3001).build()));
        assertTrue(e.params().contains("thinkgate.min_tokens"));
        assertEquals(OptionalInt.of(3000), BUDGETED.resolve(req().tg("min_tokens", 3000).build()).minTokens());
    }

    @Test
    void noThinkWithMinTokensIsRejected() {
        assertInvalid(req().tg("mode", "no_think").tg("min_tokens", 100), "thinkgate.mode", "thinkgate.min_tokens");
        assertInvalid(req().enable(false).tg("min_tokens", 1), "chat_template_kwargs.enable_thinking",
                "thinkgate.min_tokens");
        assertInvalid(req().effort("none").tg("min_tokens", 10), "reasoning_effort", "thinkgate.min_tokens");
        assertInvalid(req().reasoningBudget(0).tg("min_tokens", 10), "reasoning_budget_tokens",
                "thinkgate.min_tokens");
    }

    @Test
    void noThinkWithZeroMinTokensIsAccepted() {
        ThinkingControl control = resolve(req().tg("mode", "no_think").tg("min_tokens", 0));
        assertEquals(ThinkingMode.NO_THINK, control.mode());
        assertEquals(OptionalInt.of(0), control.minTokens());
    }

    // ---- construction and value types ------------------------------------------------------------------------

    @Test
    void resolverNeedsEveryEffortBudget() {
        for (String effort : ThinkingControlResolver.EFFORTS) {
            Map<String, Integer> budgets = new HashMap<>(EFFORT_BUDGETS);
            budgets.remove(effort);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ThinkingControlResolver(ThinkingMode.THINK, OptionalInt.empty(), budgets, ThoughtSource.SELF));
            assertTrue(e.getMessage().contains(effort));
        }
    }

    @Test
    void effortBudgetsAreCopied() {
        Map<String, Integer> budgets = new HashMap<>(EFFORT_BUDGETS);
        ThinkingControlResolver resolver = new ThinkingControlResolver(ThinkingMode.THINK, OptionalInt.empty(), budgets, ThoughtSource.SELF);
        budgets.put("high", 1);
        assertEquals(OptionalInt.of(4096), resolver.resolve(req().effort("high").build()).budgetTokens());
    }

    @Test
    void effortsList() {
        assertEquals(List.of("minimal", "low", "medium", "high", "xhigh", "max"), ThinkingControlResolver.EFFORTS);
    }

    @Test
    void modeWireNames() {
        assertEquals("think", ThinkingMode.THINK.wireName());
        assertEquals("no_think", ThinkingMode.NO_THINK.wireName());
        assertEquals(ThinkingMode.THINK, new ThinkingMode.Think());
        assertEquals(ThinkingMode.NO_THINK, new ThinkingMode.NoThink());
    }

    @Test
    void controlValidation() {
        assertThrows(NullPointerException.class, () -> ThinkingControl.of(null, "default"));
        assertThrows(NullPointerException.class, () -> ThinkingControl.of(ThinkingMode.THINK, null));
        ThinkingControl control = ThinkingControl.of(ThinkingMode.NO_THINK, "x");
        assertEquals(OptionalInt.empty(), control.budgetTokens());
        assertEquals(OptionalInt.empty(), control.minTokens());
        assertEquals(Optional.empty(), control.conclusionMessage());
        assertEquals(Optional.empty(), control.loopBrake());
    }

    @Test
    void exceptionCarriesParams() {
        InvalidThinkingException e = new InvalidThinkingException("bad", "a", "b");
        assertEquals("bad", e.getMessage());
        assertEquals(List.of("a", "b"), e.params());
        assertEquals(List.of(), new InvalidThinkingException("bad").params());
        assertNotNull(e.getStackTrace());
    }

    @Test
    void emptyRequestHasNoFields() {
        ThinkingRequest empty = ThinkingRequest.empty();
        assertEquals(new ThinkingRequest(null, null, null, null, null, null, null, null, null, null, null, null), empty);
    }
}
