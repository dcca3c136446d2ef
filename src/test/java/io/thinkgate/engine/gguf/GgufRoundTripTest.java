package io.thinkgate.engine.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thinkgate.engine.synthetic.SyntheticModels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsEveryKvType() throws IOException {
        Path f = new GgufWriter()
                .putString("general.architecture", "llama")
                .putUint32("llama.context_length", 3_000_000_000L)
                .putInt32("some.int", -7)
                .putFloat32("some.float", 0.25f)
                .putBool("some.bool", true)
                .putString("tokenizer.chat_template", "{{ messages }} <think> ünïcödé")
                .putStringArray("tokenizer.ggml.tokens", List.of("<unk>", "<s>", "<think>", "a", "</think>"))
                .putInt32Array("tokenizer.ggml.token_type", new int[] {2, 3, 4, 1, 4})
                .putFloat32Array("tokenizer.ggml.scores", new float[] {0, 0, 0, 1.5f, 0})
                .putStringArray("tokenizer.ggml.merges", List.of("a b", "c d"))
                .addTensor("f32", GgmlType.F32, new long[] {4, 2}, GgufWriter.f32(new float[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .addTensor("f16", GgmlType.F16, new long[] {3}, out -> out.write(new byte[6]))
                .addTensor("q8", GgmlType.Q8_0, new long[] {32, 2}, out -> out.write(new byte[68]))
                .write(dir.resolve("m.gguf"));

        GgufMetadata m = GgufReader.read(f);
        assertEquals(3, m.version());
        assertEquals(3, m.tensorCount());
        assertEquals("llama", m.architecture().orElseThrow());
        assertEquals(3_000_000_000L, m.getLong("llama.context_length").orElseThrow());
        assertEquals(Integer.MAX_VALUE, m.contextLength().orElseThrow());
        assertEquals(-7L, m.getLong("some.int").orElseThrow());
        assertEquals(0.25f, m.get("some.float").orElseThrow());
        assertEquals(true, m.get("some.bool").orElseThrow());
        assertEquals("{{ messages }} <think> ünïcödé", m.chatTemplate().orElseThrow());
        assertEquals(List.of("<unk>", "<s>", "<think>", "a", "</think>"), m.tokens());
        assertArrayEquals(new int[] {2, 3, 4, 1, 4}, m.tokenTypes());
        assertEquals(Set.of("<think>", "</think>"), m.userDefinedTokens());
        assertEquals(Set.of("<s>"), m.controlTokens());
        assertEquals(Set.of("<s>", "<think>", "</think>"), m.specialTokens());
        assertEquals(new GgufMetadata.ArraySummary(8, 2), m.get("tokenizer.ggml.merges").orElseThrow());
        assertEquals(new GgufMetadata.ArraySummary(6, 5), m.get("tokenizer.ggml.scores").orElseThrow());

        // data: aligned to 32, F32 rows where the infos say
        byte[] all = Files.readAllBytes(f);
        assertEquals(0, all.length % GgufWriter.ALIGNMENT);
        int dataStart = all.length - 32 - 32 - 96; // f32 (32 bytes), f16 (6 -> 32), q8 (68 -> 96)
        ByteBuffer b = ByteBuffer.wrap(all, dataStart, 32).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i <= 8; i++) {
            assertEquals(i, b.getFloat());
        }
    }

    @Test
    void rejectsWrongTensorSizesAndNonGguf() throws IOException {
        GgufWriter w = new GgufWriter().addTensor("t", GgmlType.F32, new long[] {2}, out -> out.write(new byte[4]));
        assertThrows(IOException.class, () -> w.write(dir.resolve("bad.gguf")));
        assertThrows(IllegalArgumentException.class,
                () -> new GgufWriter().addTensor("q", GgmlType.Q8_0, new long[] {16}, out -> { }));
        Path junk = Files.writeString(dir.resolve("junk.gguf"), "not a model at all");
        assertThrows(IOException.class, () -> GgufReader.read(junk));
    }

    @Test
    void readsTheDemoModel() throws IOException {
        GgufMetadata m = GgufReader.read(SyntheticModels.writeDemo(dir));
        assertEquals("llama", m.architecture().orElseThrow());
        assertEquals(4096, m.contextLength().orElseThrow());
        assertTrue(m.chatTemplate().orElseThrow().contains("<think>"));
        assertTrue(m.userDefinedTokens().containsAll(Set.of("<think>", "</think>", "<|user|>", "<|assistant|>")));
        assertTrue(m.controlTokens().containsAll(Set.of("<s>", "</s>")));
    }

    @Test
    void halfFloats() {
        assertEquals((short) 0x3C00, GgufWriter.toHalf(1f));
        assertEquals((short) 0xC000, GgufWriter.toHalf(-2f));
        assertEquals((short) 0x0000, GgufWriter.toHalf(0f));
        assertEquals((short) 0x7C00, GgufWriter.toHalf(1e6f));
        assertEquals((short) 0x3555, GgufWriter.toHalf(1f / 3));
    }
}
