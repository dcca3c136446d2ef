package io.thinkgate.reasoning.budget;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThinkingGovernorTest {

    private static final String CONCLUDE = "\nTime is up.\n</think>\n\n";
    private static final String WAIT = "\nWait";

    private static ThinkingLimits limits(OptionalInt budget, OptionalInt min, int maxExtensions,
            Optional<ThinkingLimits.LoopBrake> brake) {
        return new ThinkingLimits(budget, min, CONCLUDE, WAIT, maxExtensions, brake);
    }

    private static ThinkingLimits unlimited() {
        return limits(OptionalInt.empty(), OptionalInt.empty(), 0, Optional.empty());
    }

    @Test
    void noLimitsAlwaysProceed() {
        ThinkingGovernor governor = new ThinkingGovernor(unlimited());
        for (int i = 1; i <= 10_000; i++) {
            assertSame(ThinkingDecision.PROCEED, governor.onReasoningToken(i, "x"));
        }
        assertEquals(ThinkingDecision.PROCEED, governor.onSpanClosed(10_000));
        assertEquals(ThinkingExit.NATURAL, governor.exit());
        assertEquals(0, governor.extensions());
    }

    @Test
    void budgetFiresAtExactlyBudgetTokens() {
        ThinkingGovernor governor = new ThinkingGovernor(
                limits(OptionalInt.of(100), OptionalInt.empty(), 0, Optional.empty()));
        for (int i = 1; i < 100; i++) {
            assertEquals(ThinkingDecision.PROCEED, governor.onReasoningToken(i, "t" + i), "token " + i);
            assertEquals(ThinkingExit.NATURAL, governor.exit());
        }
        assertEquals(new ThinkingDecision.Conclude(ThinkingExit.BUDGET, CONCLUDE), governor.onReasoningToken(100, "t"));
        assertEquals(ThinkingExit.BUDGET, governor.exit());
    }

    @Test
    void budgetFiresWhenCountJumpsPastIt() {
        ThinkingGovernor governor = new ThinkingGovernor(
                limits(OptionalInt.of(10), OptionalInt.empty(), 0, Optional.empty()));
        assertEquals(ThinkingDecision.PROCEED, governor.onReasoningToken(9, "x"));
        assertEquals(new ThinkingDecision.Conclude(ThinkingExit.BUDGET, CONCLUDE), governor.onReasoningToken(12, "x"));
    }

    @Test
    void budgetOfOneFiresOnFirstToken() {
        ThinkingGovernor governor = new ThinkingGovernor(
                limits(OptionalInt.of(1), OptionalInt.empty(), 0, Optional.empty()));
        assertEquals(new ThinkingDecision.Conclude(ThinkingExit.BUDGET, CONCLUDE), governor.onReasoningToken(1, "<think>"));
    }

    @Test
    void loopBrakeConcludesWithLoopExit() {
        ThinkingGovernor governor = new ThinkingGovernor(limits(OptionalInt.empty(), OptionalInt.empty(), 0,
                Optional.of(new ThinkingLimits.LoopBrake(8, 64, 3))));
        for (int i = 1; i < 42; i++) {
            assertEquals(ThinkingDecision.PROCEED, governor.onReasoningToken(i, "t" + ((i - 1) % 7)), "token " + i);
        }
        assertEquals(new ThinkingDecision.Conclude(ThinkingExit.LOOP, CONCLUDE),
                governor.onReasoningToken(42, "t" + (41 % 7)));
        assertEquals(ThinkingExit.LOOP, governor.exit());
    }

    @Test
    void noLoopBrakeMeansLoopsAreIgnored() {
        ThinkingGovernor governor = new ThinkingGovernor(unlimited());
        for (int i = 1; i <= 500; i++) {
            assertEquals(ThinkingDecision.PROCEED, governor.onReasoningToken(i, "same"));
        }
        assertEquals(ThinkingExit.NATURAL, governor.exit());
    }

    @Test
    void budgetIsCheckedBeforeLoop() {
        ThinkingGovernor governor = new ThinkingGovernor(limits(OptionalInt.of(2), OptionalInt.empty(), 0,
                Optional.of(new ThinkingLimits.LoopBrake(1, 4, 2))));
        assertEquals(ThinkingDecision.PROCEED, governor.onReasoningToken(1, "a"));
        assertEquals(new ThinkingDecision.Conclude(ThinkingExit.BUDGET, CONCLUDE), governor.onReasoningToken(2, "a"));
        assertEquals(ThinkingExit.BUDGET, governor.exit());
    }

    @Test
    void minimumExtendsWhileBelowMinAndUnderMaxExtensions() {
        ThinkingGovernor governor = new ThinkingGovernor(
                limits(OptionalInt.empty(), OptionalInt.of(100), 2, Optional.empty()));
        assertEquals(new ThinkingDecision.Extend(WAIT), governor.onSpanClosed(10));
        assertEquals(1, governor.extensions());
        assertEquals(new ThinkingDecision.Extend(WAIT), governor.onSpanClosed(50));
        assertEquals(2, governor.extensions());
        assertEquals(ThinkingDecision.PROCEED, governor.onSpanClosed(60), "max extensions reached");
        assertEquals(2, governor.extensions());
        assertEquals(ThinkingExit.NATURAL, governor.exit());
    }

    @Test
    void minimumReachedProceeds() {
        ThinkingGovernor governor = new ThinkingGovernor(
                limits(OptionalInt.empty(), OptionalInt.of(100), 5, Optional.empty()));
        assertEquals(new ThinkingDecision.Extend(WAIT), governor.onSpanClosed(99));
        assertEquals(ThinkingDecision.PROCEED, governor.onSpanClosed(100));
        assertEquals(ThinkingDecision.PROCEED, governor.onSpanClosed(150));
        assertEquals(1, governor.extensions());
    }

    @Test
    void zeroMaxExtensionsNeverExtends() {
        ThinkingGovernor governor = new ThinkingGovernor(
                limits(OptionalInt.empty(), OptionalInt.of(100), 0, Optional.empty()));
        assertEquals(ThinkingDecision.PROCEED, governor.onSpanClosed(1));
        assertEquals(0, governor.extensions());
    }

    @Test
    void lengthExhaustedReportsLength() {
        ThinkingGovernor governor = new ThinkingGovernor(unlimited());
        governor.onLengthExhausted();
        assertEquals(ThinkingExit.LENGTH, governor.exit());
    }

    @Test
    void lengthDoesNotOverrideBudgetOrLoop() {
        ThinkingGovernor budget = new ThinkingGovernor(
                limits(OptionalInt.of(1), OptionalInt.empty(), 0, Optional.empty()));
        budget.onReasoningToken(1, "x");
        budget.onLengthExhausted();
        assertEquals(ThinkingExit.BUDGET, budget.exit());

        ThinkingGovernor loop = new ThinkingGovernor(limits(OptionalInt.empty(), OptionalInt.empty(), 0,
                Optional.of(new ThinkingLimits.LoopBrake(1, 1, 2))));
        loop.onReasoningToken(1, "x");
        loop.onReasoningToken(2, "x");
        loop.onLengthExhausted();
        assertEquals(ThinkingExit.LOOP, loop.exit());
    }

    @Test
    void exitWireNames() {
        assertEquals("natural", ThinkingExit.NATURAL.wireName());
        assertEquals("budget", ThinkingExit.BUDGET.wireName());
        assertEquals("loop", ThinkingExit.LOOP.wireName());
        assertEquals("length", ThinkingExit.LENGTH.wireName());
    }

    @Test
    void limitsValidation() {
        assertThrows(IllegalArgumentException.class,
                () -> limits(OptionalInt.empty(), OptionalInt.empty(), -1, Optional.empty()));
        assertThrows(NullPointerException.class, () -> new ThinkingLimits(OptionalInt.empty(), OptionalInt.empty(),
                null, WAIT, 0, Optional.empty()));
        assertThrows(NullPointerException.class, () -> new ThinkingLimits(OptionalInt.empty(), OptionalInt.empty(),
                CONCLUDE, null, 0, Optional.empty()));
    }

    @Test
    void invalidLoopBrakeIsRefusedByGovernor() {
        assertThrows(IllegalArgumentException.class, () -> new ThinkingGovernor(limits(OptionalInt.empty(),
                OptionalInt.empty(), 0, Optional.of(new ThinkingLimits.LoopBrake(0, 4, 3)))));
        assertThrows(IllegalArgumentException.class, () -> new ThinkingGovernor(limits(OptionalInt.empty(),
                OptionalInt.empty(), 0, Optional.of(new ThinkingLimits.LoopBrake(8, 4, 3)))));
        assertThrows(IllegalArgumentException.class, () -> new ThinkingGovernor(limits(OptionalInt.empty(),
                OptionalInt.empty(), 0, Optional.of(new ThinkingLimits.LoopBrake(4, 8, 1)))));
    }

    @Test
    void aCappedBudgetConcludesAtTheCapAndNeverRaisesTheRequestsBudget() {
        ThinkingGovernor g = new ThinkingGovernor(new ThinkingLimits(OptionalInt.of(100),
                OptionalInt.empty(), "C", "W", 0, Optional.empty()));
        g.capBudget(12);
        for (int t = 1; t < 12; t++) {
            assertEquals(ThinkingDecision.PROCEED, g.onReasoningToken(t, "x"));
        }
        assertInstanceOf(ThinkingDecision.Conclude.class, g.onReasoningToken(12, "x"));
        assertEquals(ThinkingExit.BUDGET, g.exit());
        ThinkingGovernor higher = new ThinkingGovernor(new ThinkingLimits(OptionalInt.of(5),
                OptionalInt.empty(), "C", "W", 0, Optional.empty()));
        higher.capBudget(50);
        assertInstanceOf(ThinkingDecision.Conclude.class,
                higher.onReasoningToken(5, "x"));
    }

    @Test
    void anInterruptConcludesWithItsOwnMessageAndExit() {
        ThinkingGovernor g = new ThinkingGovernor(new ThinkingLimits(OptionalInt.empty(),
                OptionalInt.empty(), "C", "W", 0, Optional.empty()));
        ThinkingDecision.Conclude c = g.interrupt("answer now");
        assertEquals("answer now", c.message());
        assertEquals(ThinkingExit.INTERRUPT, g.exit());
        assertEquals("interrupt", g.exit().wireName());
    }
}
