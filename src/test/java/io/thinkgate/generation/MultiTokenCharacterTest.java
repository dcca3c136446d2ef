package io.thinkgate.generation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.TokenStream;
import io.thinkgate.engine.llama.LlamaEngine;
import io.thinkgate.engine.llama.LlamaSettings;
import io.thinkgate.engine.synthetic.SyntheticModel;
import io.thinkgate.engine.synthetic.SyntheticModels;
import io.thinkgate.reasoning.budget.ThinkingLimits;
import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import io.thinkgate.telemetry.GatewayMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * llama.cpp sends the byte tokens of one character as a single piece; token accounting must still count every
 * sampled token. The model writes "你" as its three UTF-8 byte tokens, then ends.
 */
class MultiTokenCharacterTest {

    private static LlamaEngine engine;
    private static String prompt;

    @BeforeAll
    static void load() throws Exception {
        SyntheticModel model = SyntheticModel.builder("byte-writer")
                .userDefined(SyntheticModels.USER, SyntheticModels.ASSISTANT)
                .chatTemplate(SyntheticModels.PLAIN_TEMPLATE)
                .sequence(SyntheticModels.ASSISTANT, "<0xE4>", "<0xBD>", "<0xA0>", SyntheticModel.EOS).build();
        Path file = model.writeTo(Path.of("target", "thinkgate-test-models", "byte-writer.gguf"));
        engine = new LlamaEngine(LlamaSettings.of(file).withNativeTempDir(Path.of("target", "thinkgate-native")));
        prompt = engine.renderChat(List.of(new ChatTurn("user", "x")));
    }

    @AfterAll
    static void unload() {
        engine.close();
    }

    @Test
    void theEngineSaysHowManyTokensAPieceStandsFor() {
        List<String> pieces = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        try (TokenStream stream = engine.generate(new GenerationRequest(prompt, 10, SAMPLING, null))) {
            for (Optional<String> piece = stream.next(); piece.isPresent(); piece = stream.next()) {
                pieces.add(piece.get());
                tokens.add(stream.lastPieceTokens());
            }
        }

        assertEquals(List.of("你", ""), pieces);
        assertEquals(List.of(3, 1), tokens);
    }

    @Test
    void usageCountsEverySampledToken() {
        CompletionResult result = complete(10);

        assertEquals("你", result.content());
        assertEquals(4, result.completionTokens(), "three byte tokens and the end of sequence");
        assertEquals(FinishReason.STOP, result.finishReason());
    }

    @Test
    void aCapInsideTheCharacterIsReportedAsLength() {
        CompletionResult result = complete(3);

        assertEquals(3, result.completionTokens());
        assertEquals(FinishReason.LENGTH, result.finishReason());
    }

    private static final GenerationRequest.Sampling SAMPLING = new GenerationRequest.Sampling(0.7, 0.95,
            OptionalLong.of(1));

    private static CompletionResult complete(int maxTokens) {
        CompletionJob job = new CompletionJob(prompt, engine.tokenize(prompt).length, false, ReasoningProfile.none(),
                maxTokens, SAMPLING, Optional.empty(), List.of(), GenerationRequest.NO_LOGPROBS, ThinkingControl.of(ThinkingMode.THINK, "test"),
                new ThinkingLimits(OptionalInt.empty(), OptionalInt.empty(), "", "", 0, Optional.empty()),
                Optional.empty(), Optional.empty(), System.nanoTime(),
                System.nanoTime() + 60_000_000_000L);
        return new CompletionService(new GatewayMetrics(new SimpleMeterRegistry()))
                .run(engine, job, GenerationListener.IGNORE, new Cancellation(), TokenAllowance.UNLIMITED);
    }
}
