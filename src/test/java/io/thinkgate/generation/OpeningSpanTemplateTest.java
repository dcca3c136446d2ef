package io.thinkgate.generation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.llama.LlamaEngine;
import io.thinkgate.engine.llama.LlamaSettings;
import io.thinkgate.engine.synthetic.SyntheticModels;
import io.thinkgate.reasoning.budget.ThinkingExit;
import io.thinkgate.reasoning.budget.ThinkingLimits;
import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.control.ThinkingDefaults;
import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.control.ThinkingPlan;
import io.thinkgate.reasoning.control.ThinkingPlanner;
import io.thinkgate.reasoning.profile.ProfileDetector;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import io.thinkgate.telemetry.GatewayMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chat template that opens the span itself (newer R1 templates end with {@code <think>\n}): the model's output
 * starts inside the reasoning, on real llama.cpp.
 */
class OpeningSpanTemplateTest {

    private static final ThinkingPlanner PLANNER = new ThinkingPlanner(new ThinkingDefaults(
            "\n\nTime is up.\n</think>\n\n", "\nWait", 8, Optional.empty(), new ThinkingLimits.LoopBrake(8, 64, 3)));

    private static LlamaEngine engine;
    private static ReasoningProfile profile;
    private static String rendered;

    @BeforeAll
    static void load() throws Exception {
        Path file = SyntheticModels.demoOpeningSpan()
                .writeTo(Path.of("target", "thinkgate-test-models", "demo-opening-span.gguf"));
        engine = new LlamaEngine(LlamaSettings.of(file).withContextSize(1024)
                .withNativeTempDir(Path.of("target", "thinkgate-native")));
        rendered = engine.renderChat(List.of(new ChatTurn("user", "What is 6 * 7?")));
        profile = new ProfileDetector("<think>", "</think>").detect(engine.info().userDefinedTokens(),
                engine.info().chatTemplate(), rendered, Optional.empty());
    }

    @AfterAll
    static void unload() {
        engine.close();
    }

    @Test
    void theDetectorNoticesThatThePromptOpensTheSpan() {
        assertTrue(rendered.endsWith("<|assistant|><think>\n"), rendered);
        assertTrue(profile.reasoning());
        assertTrue(profile.promptOpensSpan());
    }

    @Test
    void everythingUntilTheForcedCloseIsReasoning() {
        CompletionResult result = run(ThinkingControl.of(ThinkingMode.THINK, "test"), OptionalInt.of(10), 200);

        assertTrue(result.reasoning().startsWith("Hmm , wait let me re check"), result.reasoning());
        assertTrue(result.reasoning().endsWith("Time is up."), result.reasoning());
        assertEquals(10, result.reasoningTokens());
        assertEquals(ThinkingExit.BUDGET, result.exit());
        assertEquals(SyntheticModels.ANSWER_TEXT, result.content());
        assertEquals(FinishReason.STOP, result.finishReason());
    }

    @Test
    void runningOutOfTokensInsideTheOpenSpanIsAllReasoning() {
        CompletionResult result = run(ThinkingControl.of(ThinkingMode.THINK, "test"), OptionalInt.empty(), 15);

        assertEquals(15, result.reasoningTokens());
        assertEquals(15, result.completionTokens());
        assertEquals("", result.content());
        assertEquals(FinishReason.LENGTH, result.finishReason());
        assertEquals(ThinkingExit.LENGTH, result.exit());
    }

    @Test
    void noThinkClosesTheSpanTheTemplateOpened() {
        CompletionResult result = run(ThinkingControl.of(ThinkingMode.NO_THINK, "test"), OptionalInt.empty(), 50);

        assertEquals(SyntheticModels.ANSWER_TEXT, result.content());
        assertEquals("", result.reasoning());
        assertEquals(0, result.reasoningTokens());
    }

    private static CompletionResult run(ThinkingControl control, OptionalInt budget, int maxTokens) {
        ThinkingControl budgeted = new ThinkingControl(control.mode(), control.source(), budget, OptionalInt.empty(),
                Optional.empty(), Optional.of(false));
        ThinkingPlan plan = PLANNER.plan(profile, budgeted);
        String prompt = rendered + plan.assistantPrefix();
        CompletionJob job = new CompletionJob(prompt, engine.tokenize(prompt).length, true, plan.spanProfile(),
                maxTokens, new GenerationRequest.Sampling(0.7, 0.95, OptionalLong.of(3)), Optional.empty(), List.of(),
                GenerationRequest.NO_LOGPROBS, budgeted, plan.limits(), Optional.empty(), Optional.empty(), System.nanoTime(),
                System.nanoTime() + 60_000_000_000L);
        return new CompletionService(new GatewayMetrics(new SimpleMeterRegistry()))
                .run(engine, job, GenerationListener.IGNORE, new Cancellation(), TokenAllowance.UNLIMITED);
    }
}
