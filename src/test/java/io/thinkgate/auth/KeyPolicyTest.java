package io.thinkgate.auth;

import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.control.ThinkingMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyPolicyTest {

    static ThinkingControl control(ThinkingMode mode, String source, Integer budget, Integer min) {
        return new ThinkingControl(mode, source, budget == null ? OptionalInt.empty() : OptionalInt.of(budget),
                min == null ? OptionalInt.empty() : OptionalInt.of(min), Optional.empty(), Optional.empty());
    }

    @Test
    void aKeyWithoutAPolicyChangesNothing() {
        ThinkingControl c = control(ThinkingMode.THINK, "thinkgate.mode", 5_000, 10);
        assertSame(c, KeyPolicy.NONE.admitMode(c));
        assertSame(c, KeyPolicy.NONE.capBudget(c));
    }

    @Test
    void aModeTheClientAskedForThatTheKeyMayNotUseIsRefusedNamingWhoAsked() {
        KeyPolicy noThinking = new KeyPolicy(List.of("no_think", "auto"), OptionalInt.empty());
        KeyPolicy.ModeNotAllowed refused = assertThrows(KeyPolicy.ModeNotAllowed.class,
                () -> noThinking.admitMode(control(ThinkingMode.THINK, "reasoning_effort", 1024, null)));
        assertEquals("This API key may not use thinking mode 'think' (asked by reasoning_effort); it may use: "
                + "no_think, auto", refused.getMessage());
        ThinkingControl auto = control(new ThinkingMode.Auto(Optional.empty()), "thinkgate.mode", null, null);
        assertSame(auto, noThinking.admitMode(auto));
    }

    @Test
    void theServersDefaultGivesWayToTheKeysFirstModeThatNeedsNothingMore() {
        ThinkingControl byDefault = control(ThinkingMode.THINK, "default", null, null);
        ThinkingControl replaced = new KeyPolicy(List.of("thoughts", "no_think"), OptionalInt.empty())
                .admitMode(byDefault);
        assertEquals("no_think", replaced.mode().wireName());
        assertEquals("default", replaced.source());
        assertThrows(KeyPolicy.ModeNotAllowed.class, () -> new KeyPolicy(List.of("thoughts"), OptionalInt.empty())
                .admitMode(byDefault), "thoughts needs a source: it can't stand in for the default");
    }

    @Test
    void budgetsAreCappedAndAMinimumAboveTheCapComesDownToIt() {
        KeyPolicy small = new KeyPolicy(List.of(), OptionalInt.of(256));
        assertEquals(OptionalInt.of(256), small.capBudget(control(ThinkingMode.THINK, "x", 4_096, null))
                .budgetTokens());
        assertEquals(OptionalInt.of(100), small.capBudget(control(ThinkingMode.THINK, "x", 100, null))
                .budgetTokens());
        assertEquals(OptionalInt.of(256), small.capBudget(control(ThinkingMode.THINK, "x", null, null))
                .budgetTokens(), "no budget at all is capped too");
        ThinkingControl withMin = small.capBudget(control(ThinkingMode.THINK, "x", 1_000, 500));
        assertEquals(OptionalInt.of(256), withMin.minTokens());
        ThinkingControl noThink = control(ThinkingMode.NO_THINK, "x", null, null);
        assertSame(noThink, small.capBudget(noThink));
        assertTrue(small.capBudget(control(ThinkingMode.THINK, "x", 4_096, null)).source().equals("x"));
    }
}
