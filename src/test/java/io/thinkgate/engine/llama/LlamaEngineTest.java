package io.thinkgate.engine.llama;

import static io.thinkgate.engine.synthetic.SyntheticModels.ANSWER_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.ModelInfo;
import io.thinkgate.engine.TokenStream;
import io.thinkgate.engine.gguf.GgmlType;
import io.thinkgate.engine.synthetic.RandomWeightsModel;
import io.thinkgate.engine.synthetic.SyntheticModel;
import io.thinkgate.engine.synthetic.SyntheticModels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loads the synthetic models through the JNI binding. Each load takes ~0.2 s; generation takes milliseconds. */
class LlamaEngineTest {

    @TempDir
    static Path dir;

    static LlamaEngine demo;

    @BeforeAll
    static void loadDemo() throws IOException {
        demo = load(SyntheticModels.demo(), 1);
    }

    @AfterAll
    static void closeDemo() {
        demo.close();
    }

    static LlamaEngine load(SyntheticModel model, int parallel) throws IOException {
        Path file = model.writeTo(dir.resolve(model.name() + "-" + parallel + ".gguf"));
        return new LlamaEngine(LlamaSettings.of(file).withModelId(model.name()).withParallel(parallel)
                .withNativeTempDir(Path.of("target", "thinkgate-native")));
    }

    static GenerationRequest req(String prompt, int maxTokens, double temperature) {
        return new GenerationRequest(prompt, maxTokens, new GenerationRequest.Sampling(temperature, 0.95, OptionalLong.of(7)), null);
    }

    static List<String> pieces(LlamaEngine e, String prompt, int maxTokens, double temperature) {
        List<String> out = new ArrayList<>();
        try (TokenStream s = e.generate(req(prompt, maxTokens, temperature))) {
            for (Optional<String> p = s.next(); p.isPresent(); p = s.next()) {
                out.add(p.get());
            }
            assertTrue(s.next().isEmpty(), "stays ended");
        }
        return out;
    }

    static List<String> loop(int rounds) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            for (String w : SyntheticModels.DEMO_LOOP) {
                l.add(i > 0 && w.equals("Hmm") ? " Hmm" : w);
            }
        }
        return l;
    }

    static final List<String> ANSWER_PIECES = List.of("The", " answer", " is", " 42.", "");

    String prompt() {
        return demo.renderChat(List.of(new ChatTurn("user", "What is 6*7?")));
    }

    @Test
    void info() {
        ModelInfo i = demo.info();
        assertEquals("thinkgate-demo", i.id());
        assertEquals(4096, i.contextSize());
        assertEquals(1, i.slots());
        assertTrue(i.chatTemplate().contains("<think>"));
        assertTrue(i.userDefinedTokens().containsAll(List.of("<think>", "</think>")));
    }

    @Test
    void rendersTheDemoTemplate() {
        assertEquals("<|user|>What is 6*7?<|assistant|>", prompt());
        assertEquals("<|system|>Be brief.<|user|>Hi \"there\"\n<|assistant|>\n\nIt is 42.<|user|>Again?<|assistant|>",
                demo.renderChat(List.of(new ChatTurn("system", "Be brief."), new ChatTurn("user", "Hi \"there\"\n"),
                        new ChatTurn("assistant", "<think>\nhmm\n</think>\n\nIt is 42."), new ChatTurn("user", "Again?"))));
    }

    @Test
    void rendersCharactersThatJniWouldGarble() {
        assertEquals("<|user|>\uD83D\uDE00 \u00e9 a\u0000b \uD83E\uDD14<|assistant|>",
                demo.renderChat(List.of(new ChatTurn("user", "\uD83D\uDE00 \u00e9 a\u0000b \uD83E\uDD14"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q8_0", "F16"})
    void randomWeightModelsRun(String type) throws IOException {
        RandomWeightsModel m = new RandomWeightsModel(128, 2, 256, 1, 2000, GgmlType.valueOf(type), 1);
        Path file = m.writeTo(dir.resolve("random-" + type + ".gguf"));
        try (LlamaEngine e = new LlamaEngine(LlamaSettings.of(file).withNativeTempDir(Path.of("target", "thinkgate-native")))) {
            String p = e.renderChat(List.of(new ChatTurn("user", "hello")));
            assertEquals("<|user|>hello<|assistant|>", p);
            List<String> out = pieces(e, p, 4, 0);
            assertTrue(!out.isEmpty() && out.size() <= 4, out.toString());
        }
    }

    /**
     * A random-weights model samples byte tokens freely; re-tokenizing the pieces they merge into can count more
     * tokens than were sampled. The count must never pass what was asked for (issue 8's "token count over the cap").
     */
    @Test
    void tokenCountsNeverPassMaxTokens() throws IOException {
        RandomWeightsModel m = new RandomWeightsModel(128, 2, 256, 1, 32000, GgmlType.Q8_0, 3);
        Path file = m.writeTo(dir.resolve("random-bytes.gguf"));
        try (LlamaEngine e = new LlamaEngine(LlamaSettings.of(file).withNativeTempDir(Path.of("target",
                "thinkgate-native")))) {
            String prompt = e.renderChat(List.of(new ChatTurn("user", "hello")));
            for (long seed = 1; seed <= 12; seed++) {
                int counted = 0;
                try (TokenStream s = e.generate(new GenerationRequest(prompt, 64,
                        new GenerationRequest.Sampling(1.0, 1.0, OptionalLong.of(seed)), null))) {
                    while (s.next().isPresent()) {
                        counted += s.lastPieceTokens();
                    }
                }
                assertTrue(counted <= 64, "seed " + seed + ": " + counted + " tokens counted for max_tokens 64");
            }
        }
    }

    @Test
    void tokenizes() {
        int think = demo.tokenize("<think>")[0];
        int nn = demo.tokenize("\n\n")[0];
        int endThink = demo.tokenize("</think>")[0];
        assertEquals(1, demo.tokenize("\n\n").length, "\\n\\n is one token");
        assertArrayEquals(new int[] {think, nn, endThink, nn}, demo.tokenize("<think>\n\n</think>\n\n"));
        assertEquals(7, demo.tokenize("Hmm , wait let me re check").length);
        assertEquals(2, demo.tokenize("<think>\n").length, "no BOS");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.7})
    void thinksForever(double temperature) {
        List<String> expected = new ArrayList<>(List.of("<think>", "\n"));
        expected.addAll(loop(4));
        assertEquals(expected.subList(0, 30), pieces(demo, prompt(), 30, temperature));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.7})
    void answersAfterTheCloseMarker(double temperature) {
        List<String> expected = new ArrayList<>(List.of("\n\n"));
        expected.addAll(ANSWER_PIECES);
        assertEquals(expected, pieces(demo, prompt() + "<think>\nHmm , wait</think>", 100, temperature));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<think>\n\n</think>\n\n",
            "<think>\nHmm , wait\n\nConsidering the limited time by the user, I have to give the solution based on the thinking directly now.\n</think>\n\n",
            "<think>\nHmm\n\n"})
    void answersAfterADoubleNewline(String prefix) {
        assertEquals(ANSWER_PIECES, pieces(demo, prompt() + prefix, 100, 0.7));
        assertEquals(ANSWER_TEXT, String.join("", pieces(demo, prompt() + prefix, 100, 0)));
    }

    @Test
    void aSingleNewlineKeepsThinking() {
        assertEquals(loop(2), pieces(demo, prompt() + "<think>\n", 14, 0));
    }

    @Test
    void maxTokensGivesExactlyThatManyPieces() {
        assertEquals(List.of("<think>", "\n", "Hmm"), pieces(demo, prompt(), 3, 0));
        assertEquals(List.of("The"), pieces(demo, prompt() + "</think>\n\n", 1, 0));
    }

    @Test
    void otherSyntheticModels() throws IOException {
        try (LlamaEngine e = load(SyntheticModels.earlyCloser(), 1)) {
            String p = e.renderChat(List.of(new ChatTurn("user", "Hi")));
            List<String> expected = new ArrayList<>(List.of("<think>", "\n", "Let", " me", " see", " .", "</think>", "\n\n"));
            expected.addAll(ANSWER_PIECES);
            assertEquals(expected, pieces(e, p, 100, 0.7));
            assertEquals(expected.subList(2, expected.size()).stream().map(s -> s.equals("Let") ? " Let" : s).toList(),
                    pieces(e, p + "<think>\nLet me see .Wait", 100, 0));
            assertEquals(" Let me see .</think>\n\n" + ANSWER_TEXT,
                    String.join("", pieces(e, p + "<think>\nLet me see .\nWait", 100, 0.7)));
        }
        try (LlamaEngine e = load(SyntheticModels.thoughtWriter(), 1)) {
            assertFalse(e.info().chatTemplate().contains("think"));
            assertFalse(e.info().userDefinedTokens().contains("<think>"));
            String p = e.renderChat(List.of(new ChatTurn("system", "Write steps."), new ChatTurn("user", "1+2?")));
            assertEquals("<|system|>Write steps.<|user|>1+2?<|assistant|>", p);
            List<String> out = pieces(e, p, 100, 0.7);
            assertEquals(11, out.size());
            assertEquals(SyntheticModels.THOUGHT_STEPS, String.join("", out));
        }
        try (LlamaEngine e = load(SyntheticModels.thoughtStopper(), 1)) {
            assertEquals(List.of("<STOP>", ""), pieces(e, e.renderChat(List.of(new ChatTurn("user", "?"))), 100, 0));
        }
        try (LlamaEngine e = load(SyntheticModels.thoughtRambler(), 1)) {
            String text = String.join("", pieces(e, e.renderChat(List.of(new ChatTurn("user", "?"))), 60, 0.7));
            assertTrue(text.startsWith(SyntheticModels.THOUGHT_STEPS + " Step 2: report their sum. Step 2:"), text);
        }
    }

    @Test
    void aTokenEndingInsideAUtf8CharacterComesWithTheNextOne() throws IOException {
        // "▁" is E2 96 81: three byte tokens, one piece
        SyntheticModel m = SyntheticModel.builder("bytes").userDefined("<|assistant|>")
                .sequence("<|assistant|>", "<0xE2>", "<0x96>", "<0x81>", "ok", "</s>").build();
        try (LlamaEngine e = load(m, 1)) {
            assertEquals(List.of("\u2581", "ok", ""), pieces(e, "<|assistant|>", 100, 0));
        }
    }

    @Test
    void closingFromAnotherThreadFreesTheSlot() throws Exception {
        LlamaEngine e = demo; // one slot
        TokenStream s = e.generate(req(prompt(), 1_000_000, 0.7));
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            while (s.next().isPresent()) {
                n++;
            }
            return n;
        });
        Thread.sleep(100);
        assertEquals(0, e.freeSlots());
        s.close(); // while the reader is (most likely) inside next()
        s.close(); // idempotent
        int n = reader.get(5, TimeUnit.SECONDS);
        assertTrue(n > 10, "generated " + n);
        assertEquals(1, e.freeSlots());
        long t0 = System.nanoTime();
        assertEquals(ANSWER_PIECES, pieces(e, prompt() + "</think>\n\n", 100, 0));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "a new request starts promptly");
    }

    @Test
    void closingBeforeOrBetweenReads() throws Exception {
        TokenStream never = demo.generate(req(prompt(), 100, 0));
        never.close();
        assertTrue(never.next().isEmpty());
        assertEquals(1, demo.freeSlots());

        TokenStream s = demo.generate(req(prompt(), 1_000_000, 0));
        assertEquals(Optional.of("<think>"), s.next());
        // a second stream waits for the slot; closing it while it waits returns at once
        TokenStream waiting = demo.generate(req(prompt(), 100, 0));
        CompletableFuture<Optional<String>> w = CompletableFuture.supplyAsync(waiting::next);
        Thread.sleep(100);
        assertFalse(w.isDone());
        waiting.close();
        assertEquals(Optional.empty(), w.get(2, TimeUnit.SECONDS));
        s.close();
        assertTrue(s.next().isEmpty());
        assertEquals(1, demo.freeSlots());
        assertEquals(List.of("<think>", "\n"), pieces(demo, prompt(), 2, 0));
    }

    @Test
    void parallelSlotsStreamConcurrently() throws Exception {
        try (LlamaEngine e = load(SyntheticModels.demo(), 2)) {
            String p = e.renderChat(List.of(new ChatTurn("user", "x")));
            List<CompletableFuture<List<String>>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(CompletableFuture.supplyAsync(() -> pieces(e, p, 50, 0.7)));
            }
            for (CompletableFuture<List<String>> f : fs) {
                assertEquals(50, f.get(20, TimeUnit.SECONDS).size());
            }
            assertEquals(2, e.freeSlots());
        }
    }
}
