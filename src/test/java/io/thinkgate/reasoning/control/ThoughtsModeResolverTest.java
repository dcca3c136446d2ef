package io.thinkgate.reasoning.control;

import io.thinkgate.reasoning.thoughts.ThoughtSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThoughtsModeResolverTest {

    private static final Map<String, Integer> EFFORTS = Map.of("minimal", 1, "low", 2, "medium", 3, "high", 4,
            "xhigh", 5, "max", 6);
    private final ThinkingControlResolver resolver = new ThinkingControlResolver(ThinkingMode.THINK,
            OptionalInt.of(500), EFFORTS, ThoughtSource.THOUGHT_MODEL);

    private ThinkingControl resolve(Map<String, Object> thinkgate, Object reasoningEffort) {
        return resolver.resolve(new ThinkingRequest(reasoningEffort, null, null, null, null, null, null, null, null,
                null, null, thinkgate));
    }

    @Test
    void thoughtsModeTakesItsSourceTextAndCap() {
        ThinkingControl control = resolve(Map.of("mode", "thoughts", "thoughts",
                Map.of("source", "client", "text", "1. add", "max_tokens", 40)), null);

        assertEquals(new ThinkingMode.Thoughts(ThoughtSource.CLIENT, Optional.of("1. add"), OptionalInt.of(40)),
                control.mode());
        assertEquals("thinkgate.mode", control.source());
        assertEquals("thoughts", control.mode().wireName());
    }

    @Test
    void theSourceDefaultsToTheConfiguredOneAndTheDefaultBudgetLimitsTheFallback() {
        ThinkingControl control = resolve(Map.of("mode", "thoughts"), null);

        assertEquals(new ThinkingMode.Thoughts(ThoughtSource.THOUGHT_MODEL, Optional.empty(), OptionalInt.empty()),
                control.mode());
        assertEquals(OptionalInt.of(500), control.budgetTokens());
    }

    @Test
    void anotherDialectsBudgetLimitsTheFallbackButTurningThinkingOffContradictsIt() {
        assertEquals(OptionalInt.of(4), resolve(Map.of("mode", "thoughts"), "high").budgetTokens());
        InvalidThinkingException e = assertThrows(InvalidThinkingException.class,
                () -> resolve(Map.of("mode", "thoughts"), "none"));
        assertEquals(List.of("thinkgate.mode", "reasoning_effort"), e.params());
    }

    @Test
    void malformedThoughtsAreRefusedNamingTheField() {
        assertRefused(Map.of("mode", "thoughts", "thoughts", "self"), "thinkgate.thoughts");
        assertRefused(Map.of("mode", "thoughts", "thoughts", Map.of("source", "oracle")), "thinkgate.thoughts.source");
        assertRefused(Map.of("mode", "thoughts", "thoughts", Map.of("source", "client")), "thinkgate.thoughts.text");
        assertRefused(Map.of("mode", "thoughts", "thoughts", Map.of("source", "self", "text", "x")),
                "thinkgate.thoughts.text", "thinkgate.thoughts.source");
        assertRefused(Map.of("mode", "thoughts", "thoughts", Map.of("max_tokens", 0)), "thinkgate.thoughts.max_tokens");
    }

    private void assertRefused(Map<String, Object> thinkgate, String... params) {
        InvalidThinkingException e = assertThrows(InvalidThinkingException.class, () -> resolve(thinkgate, null));
        assertEquals(List.of(params), e.params());
    }
}
