package io.thinkgate.reasoning.policy;

import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.thoughts.ThoughtSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AutoPolicyTest {

    static final AutoPolicy LINEAR = new AutoPolicy(new AutoPolicy.Settings(0.2, 0.4, 200, 1000, 1.0));

    static AutoPolicy.Choice choose(AutoPolicy policy, double d, Optional<ThoughtSource> writer, OptionalInt max) {
        return policy.choose(new Difficulty(d, "test"), writer, max);
    }

    @ParameterizedTest
    @CsvSource({"0.0,no_think", "0.19,no_think", "0.2,think", "0.39,think", "0.4,think", "1.0,think"})
    void withoutAThoughtModelTheChoiceIsNoThinkOrThink(double d, String mode) {
        assertEquals(mode, choose(LINEAR, d, Optional.empty(), OptionalInt.empty()).mode().wireName());
    }

    @ParameterizedTest
    @CsvSource({"0.0,no_think", "0.19,no_think", "0.2,thoughts", "0.39,thoughts", "0.4,think", "1.0,think"})
    void withAThoughtModelTheMiddleBandGetsThoughts(double d, String mode) {
        AutoPolicy.Choice choice = choose(LINEAR, d, Optional.of(ThoughtSource.THOUGHT_MODEL), OptionalInt.empty());
        assertEquals(mode, choice.mode().wireName());
        if (choice.mode() instanceof ThinkingMode.Thoughts thoughts) {
            assertEquals(ThoughtSource.THOUGHT_MODEL, thoughts.source());
            assertEquals(OptionalInt.empty(), choice.budgetTokens());
        }
    }

    @ParameterizedTest
    @CsvSource({"0.2,200", "0.6,600", "1.0,1000"})
    void theBudgetRunsFromMinJustPastTheThresholdToMaxAtOne(double d, int budget) {
        assertEquals(OptionalInt.of(budget), choose(LINEAR, d, Optional.empty(), OptionalInt.empty()).budgetTokens());
    }

    @Test
    void anExponentAboveOneFavoursSmallBudgets() {
        AutoPolicy squared = new AutoPolicy(new AutoPolicy.Settings(0.2, 0.4, 200, 1000, 2.0));
        assertEquals(OptionalInt.of(400), choose(squared, 0.6, Optional.empty(), OptionalInt.empty()).budgetTokens());
        assertEquals(OptionalInt.of(1000), choose(squared, 1.0, Optional.empty(), OptionalInt.empty()).budgetTokens());
    }

    @Test
    void maxTokensCapsTheBudget() {
        assertEquals(OptionalInt.of(64), choose(LINEAR, 1.0, Optional.empty(), OptionalInt.of(64)).budgetTokens());
        assertEquals(OptionalInt.of(600), choose(LINEAR, 0.6, Optional.empty(), OptionalInt.of(5000)).budgetTokens());
    }

    @Test
    void noThinkingAtAllWhenTheThresholdIsOne() {
        AutoPolicy never = new AutoPolicy(new AutoPolicy.Settings(1.0, 1.0, 1, 1, 1.0));
        assertInstanceOf(ThinkingMode.Think.class, choose(never, 1.0, Optional.empty(), OptionalInt.empty()).mode());
        assertInstanceOf(ThinkingMode.NoThink.class, choose(never, 0.99, Optional.empty(), OptionalInt.empty()).mode());
    }

    @Test
    void inconsistentSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AutoPolicy.Settings(0.5, 0.4, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new AutoPolicy.Settings(-0.1, 0.4, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new AutoPolicy.Settings(0.1, 1.1, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new AutoPolicy.Settings(0.1, 0.2, 0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new AutoPolicy.Settings(0.1, 0.2, 3, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new AutoPolicy.Settings(0.1, 0.2, 1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Difficulty(1.5, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Difficulty(Double.NaN, "x"));
    }
}
