package io.thinkgate.reasoning.control;

import io.thinkgate.reasoning.budget.ThinkingLimits;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThinkingPlannerTest {

    private static final String CONCLUDE = "\nTime is up.\n</think>\n\n";
    private static final String WAIT = "\nWait";
    private static final ThinkingLimits.LoopBrake SHAPE = new ThinkingLimits.LoopBrake(8, 64, 3);

    private static final ThinkingPlanner BRAKE_OFF = new ThinkingPlanner(
            new ThinkingDefaults(CONCLUDE, WAIT, 2, Optional.empty(), SHAPE));
    private static final ThinkingPlanner BRAKE_ON = new ThinkingPlanner(
            new ThinkingDefaults(CONCLUDE, WAIT, 2, Optional.of(new ThinkingLimits.LoopBrake(10, 20, 4)), SHAPE));

    private static ThinkingControl control(ThinkingMode mode, OptionalInt budget, OptionalInt min,
            Optional<String> message, Optional<Boolean> brake) {
        return new ThinkingControl(mode, "test", budget, min, message, brake);
    }

    @Test
    void thinkKeepsProfileAndCarriesLimits() {
        ThinkingPlan plan = BRAKE_OFF.plan(ReasoningProfile.think(false), control(ThinkingMode.THINK,
                OptionalInt.of(1000), OptionalInt.of(100), Optional.empty(), Optional.empty()));
        assertEquals(new ThinkingPlan("", ReasoningProfile.think(false), new ThinkingLimits(OptionalInt.of(1000),
                OptionalInt.of(100), CONCLUDE, WAIT, 2, Optional.empty())), plan);
    }

    @Test
    void thinkWithPromptOpensSpan() {
        ThinkingPlan plan = BRAKE_OFF.plan(ReasoningProfile.think(true), ThinkingControl.of(ThinkingMode.THINK, "d"));
        assertEquals("", plan.assistantPrefix());
        assertEquals(ReasoningProfile.think(true), plan.spanProfile());
    }

    @Test
    void noThinkClosesSpanInPrompt() {
        ThinkingPlan plan = BRAKE_OFF.plan(ReasoningProfile.think(false), ThinkingControl.of(ThinkingMode.NO_THINK, "d"));
        assertEquals("<think>\n\n</think>\n\n", plan.assistantPrefix());
        assertEquals(ReasoningProfile.none(), plan.spanProfile());
        assertEquals(false, plan.spanProfile().reasoning());
    }

    @Test
    void noThinkWithPromptOpensSpanOmitsOpenMarker() {
        ThinkingPlan plan = BRAKE_OFF.plan(ReasoningProfile.think(true), ThinkingControl.of(ThinkingMode.NO_THINK, "d"));
        assertEquals("\n</think>\n\n", plan.assistantPrefix(), "after a prompt that ends with <think>\\n");
        assertEquals(ReasoningProfile.none(), plan.spanProfile());
    }

    @Test
    void nonReasoningModelGetsNoPrefixEitherWay() {
        for (ThinkingMode mode : new ThinkingMode[] {ThinkingMode.THINK, ThinkingMode.NO_THINK}) {
            ThinkingPlan plan = BRAKE_OFF.plan(ReasoningProfile.none(), ThinkingControl.of(mode, "d"));
            assertEquals("", plan.assistantPrefix());
            assertEquals(ReasoningProfile.none(), plan.spanProfile());
        }
    }

    @Test
    void clientMessageWithoutCloseMarkerIsClosed() {
        ThinkingPlan plan = BRAKE_OFF.plan(ReasoningProfile.think(false), control(ThinkingMode.THINK,
                OptionalInt.of(10), OptionalInt.empty(), Optional.of("Answer now."), Optional.empty()));
        assertEquals("Answer now.\n</think>\n\n", plan.limits().conclusionMessage());
    }

    @Test
    void clientMessageWithCloseMarkerIsKept() {
        ThinkingPlan plan = BRAKE_OFF.plan(ReasoningProfile.think(false), control(ThinkingMode.THINK,
                OptionalInt.of(10), OptionalInt.empty(), Optional.of("Done.</think>"), Optional.empty()));
        assertEquals("Done.</think>", plan.limits().conclusionMessage());
    }

    @Test
    void clientMessageUsesProfilesCloseMarker() {
        ReasoningProfile custom = new ReasoningProfile(true, "[THINK]", "[/THINK]", false);
        ThinkingPlan plan = BRAKE_OFF.plan(custom, control(ThinkingMode.THINK, OptionalInt.of(10), OptionalInt.empty(),
                Optional.of("Go."), Optional.empty()));
        assertEquals("Go.\n[/THINK]\n\n", plan.limits().conclusionMessage());
        assertEquals("[THINK]\n\n[/THINK]\n\n",
                BRAKE_OFF.plan(custom, ThinkingControl.of(ThinkingMode.NO_THINK, "d")).assistantPrefix());
    }

    @Test
    void defaultConclusionWhenClientSendsNone() {
        assertEquals(CONCLUDE, BRAKE_OFF.plan(ReasoningProfile.think(false),
                ThinkingControl.of(ThinkingMode.THINK, "d")).limits().conclusionMessage());
    }

    @Test
    void loopBrakeDefaults() {
        ThinkingControl plain = ThinkingControl.of(ThinkingMode.THINK, "d");
        assertEquals(Optional.empty(), BRAKE_OFF.plan(ReasoningProfile.think(false), plain).limits().loopBrake());
        assertEquals(Optional.of(new ThinkingLimits.LoopBrake(10, 20, 4)),
                BRAKE_ON.plan(ReasoningProfile.think(false), plain).limits().loopBrake());
    }

    @Test
    void loopBrakeTrueOverridesDefaultWithShape() {
        ThinkingControl on = control(ThinkingMode.THINK, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.of(true));
        assertEquals(Optional.of(SHAPE), BRAKE_OFF.plan(ReasoningProfile.think(false), on).limits().loopBrake());
        assertEquals(Optional.of(SHAPE), BRAKE_ON.plan(ReasoningProfile.think(false), on).limits().loopBrake());
    }

    @Test
    void loopBrakeFalseOverridesDefault() {
        ThinkingControl off = control(ThinkingMode.THINK, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.of(false));
        assertEquals(Optional.empty(), BRAKE_ON.plan(ReasoningProfile.think(false), off).limits().loopBrake());
        assertEquals(Optional.empty(), BRAKE_OFF.plan(ReasoningProfile.think(false), off).limits().loopBrake());
    }

    @Test
    void extensionSettingsComeFromDefaults() {
        ThinkingLimits limits = BRAKE_OFF.plan(ReasoningProfile.think(false),
                ThinkingControl.of(ThinkingMode.THINK, "d")).limits();
        assertEquals(WAIT, limits.extensionMessage());
        assertEquals(2, limits.maxExtensions());
        assertEquals(OptionalInt.empty(), limits.budgetTokens());
        assertEquals(OptionalInt.empty(), limits.minTokens());
    }

    @Test
    void defaultsValidation() {
        assertThrows(NullPointerException.class, () -> new ThinkingDefaults(null, WAIT, 0, Optional.empty(), SHAPE));
        assertThrows(NullPointerException.class, () -> new ThinkingDefaults(CONCLUDE, null, 0, Optional.empty(), SHAPE));
        assertThrows(NullPointerException.class, () -> new ThinkingDefaults(CONCLUDE, WAIT, 0, Optional.empty(), null));
    }

    @Test
    void resolvedNoThinkRequestPlansClosedSpan() {
        ThinkingControl control = ThinkingControlResolverTest.RESOLVER.resolve(
                ThinkingControlResolverTest.req().enable(false).build());
        ThinkingPlan plan = BRAKE_OFF.plan(ReasoningProfile.think(false), control);
        assertEquals("<think>\n\n</think>\n\n", plan.assistantPrefix());
        assertEquals(ReasoningProfile.none(), plan.spanProfile());
        assertEquals(OptionalInt.empty(), plan.limits().budgetTokens());
    }

    @Test
    void aThinklessModelIsToldNotToThinkWithItsOwnToken() {
        ThinkingControl off = ThinkingControl.of(ThinkingMode.NO_THINK, "reasoning_effort");
        ThinkingPlan plan = BRAKE_OFF.plan(ReasoningProfile.think(false).withShortMarker("<short>"), off);
        assertEquals("<short>", plan.assistantPrefix());
        assertEquals(ReasoningProfile.none(), plan.spanProfile());
        assertEquals("\n</think>\n\n", BRAKE_OFF.plan(ReasoningProfile.think(true).withShortMarker("<short>"), off)
                .assistantPrefix(), "a prompt that opened the span already has it closed instead");
        assertEquals("", BRAKE_OFF.plan(ReasoningProfile.think(false).withShortMarker("<short>"),
                ThinkingControl.of(ThinkingMode.THINK, "reasoning_effort")).assistantPrefix());
    }

    @Test
    void autoIsDecidedBeforePlanning() {
        ThinkingControl auto = ThinkingControl.of(new ThinkingMode.Auto(Optional.empty()), "thinkgate.mode");
        assertThrows(IllegalArgumentException.class,
                () -> BRAKE_OFF.plan(ReasoningProfile.think(false), auto));
    }

    @Test
    void aTemplateWithAThinkingSwitchClosesTheSpanItselfAndIsAlwaysTold() {
        ReasoningProfile qwen = ReasoningProfile.think(false).withThinkingSwitch(true);
        ThinkingPlan off = BRAKE_OFF.plan(qwen, ThinkingControl.of(ThinkingMode.NO_THINK, "reasoning_effort"));
        assertEquals("", off.assistantPrefix(), "the template renders the closed span, not the gateway");
        assertEquals(Map.of("enable_thinking", false), off.templateKwargs());
        assertEquals(ReasoningProfile.none(), off.spanProfile());
        ThinkingPlan on = BRAKE_OFF.plan(qwen, ThinkingControl.of(ThinkingMode.THINK, "default"));
        assertEquals(Map.of("enable_thinking", true), on.templateKwargs());
        assertEquals(qwen, on.spanProfile());
        assertEquals(Map.of(), BRAKE_OFF.plan(ReasoningProfile.think(false),
                ThinkingControl.of(ThinkingMode.NO_THINK, "x")).templateKwargs());
    }

    @Test
    void onlyAReasoningProfileHasASwitch() {
        assertEquals(false, ReasoningProfile.none().withThinkingSwitch(true).thinkingSwitch());
    }
}
