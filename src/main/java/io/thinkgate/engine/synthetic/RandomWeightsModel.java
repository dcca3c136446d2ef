package io.thinkgate.engine.synthetic;

import io.thinkgate.engine.gguf.GgmlType;
import io.thinkgate.engine.gguf.GgufWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A llama model with realistic shapes and random weights, for throughput benchmarks (its output is noise; send
 * {@code ignore_eos} or a token budget). Vocabulary: {@code <unk> <s> </s>}, 256 byte tokens, the chat role tokens
 * and generated letter n-grams up to 32000 tokens. Chat template: {@link SyntheticModels#PLAIN_TEMPLATE}.
 *
 * <p>{@link #asReasoning()} gives a reasoning variant for benchmarks of forced conclusions: {@code <think>} and
 * {@code </think>} are user-defined tokens, the template ({@link #REASONING_TEMPLATE}) opens the span after the
 * assistant marker, so every generated token is reasoning until the gateway closes the span. Only tokens with a
 * leading {@code ▁} can be sampled (the other rows of {@code output} are zero and the live rows are scaled up so
 * the zero logits never make it past top-p): such a token sequence re-tokenizes to itself, so a continuation from
 * the generated text meets the slot's KV cache token for token, as a real model's output mostly does.
 *
 * @param embedding n_embd (a multiple of 64; head dim 64)
 * @param layers block count
 * @param feedForward n_ff (a multiple of 32)
 * @param kvHeads KV heads (grouped-query attention)
 * @param type weight type of the matrices (norms are always F32)
 */
public record RandomWeightsModel(int embedding, int layers, int feedForward, int kvHeads, int vocab, GgmlType type,
                                 long seed, boolean reasoning) {

    public static final int VOCAB = 32000;

    /** The reasoning variant's template: {@link SyntheticModels#PLAIN_TEMPLATE} that opens {@code <think>\n}. */
    public static final String REASONING_TEMPLATE = SyntheticModels.PLAIN_TEMPLATE.replace("'<|assistant|>' -}}",
            "'<|assistant|><think>\n' -}}");

    /** The live rows of the reasoning variant's {@code output}: logits with a spread of about 7 instead of 1. */
    private static final float REASONING_LOGIT_GAIN = 8f;

    /** A plain (non-reasoning) model. */
    public RandomWeightsModel(int embedding, int layers, int feedForward, int kvHeads, int vocab, GgmlType type,
            long seed) {
        this(embedding, layers, feedForward, kvHeads, vocab, type, seed, false);
    }

    /** The same shapes and weights as a reasoning model (see the class comment). */
    public RandomWeightsModel asReasoning() {
        return new RandomWeightsModel(embedding, layers, feedForward, kvHeads, vocab, type, seed, true);
    }

    /** Picks shapes for a model of about {@code targetBytes} bytes (e.g. 100 MB, 400 MB). */
    public static RandomWeightsModel ofSize(long targetBytes, GgmlType type) {
        int d = targetBytes < 200L << 20 ? 768 : targetBytes < 1L << 30 ? 1024 : 2048;
        int ff = (d * 8 / 3 + 255) / 256 * 256;
        int kvHeads = d / 64 / 4;
        double bytesPerParam = (double) type.blockBytes / type.blockSize;
        long perLayer = (long) d * d * 2 + (long) d * 64 * kvHeads * 2 + 3L * d * ff;
        long emb = 2L * VOCAB * d;
        long params = (long) (targetBytes / bytesPerParam);
        int layers = (int) Math.max(1, Math.round((double) (params - emb) / perLayer));
        return new RandomWeightsModel(d, layers, ff, kvHeads, VOCAB, type, 42);
    }

    /** Approximate file size in bytes. */
    public long approximateBytes() {
        long perLayer = (long) embedding * embedding * 2 + (long) embedding * 64 * kvHeads * 2 + 3L * embedding * feedForward;
        return type.bytesFor(perLayer * layers + 2L * vocab * embedding);
    }

    public Path writeTo(Path file) throws IOException {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        tokens.add("<unk>");
        types.add(2);
        tokens.add("<s>");
        types.add(3);
        tokens.add("</s>");
        types.add(3);
        for (int i = 0; i < 256; i++) {
            tokens.add(String.format("<0x%02X>", i));
            types.add(6);
        }
        List<String> userDefined = new ArrayList<>(List.of(SyntheticModels.SYSTEM, SyntheticModels.USER,
                SyntheticModels.ASSISTANT));
        if (reasoning) {
            userDefined.addAll(List.of(SyntheticModels.THINK, SyntheticModels.END_THINK));
        }
        for (String u : userDefined) {
            tokens.add(u);
            types.add(4);
        }
        fillWords(tokens, types, vocab);
        float[] scores = new float[tokens.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = types.get(i) == 1 ? tokens.get(i).length() : 0;
        }
        int nHead = embedding / 64;
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", "random-" + approximateBytes() / (1 << 20) + "m-" + type.name().toLowerCase()
                        + (reasoning ? "-reasoning" : ""))
                .putUint32("general.file_type", type == GgmlType.F32 ? 0 : type == GgmlType.F16 ? 1 : 7)
                .putUint32("llama.context_length", 4096)
                .putUint32("llama.embedding_length", embedding)
                .putUint32("llama.block_count", layers)
                .putUint32("llama.feed_forward_length", feedForward)
                .putUint32("llama.attention.head_count", nHead)
                .putUint32("llama.attention.head_count_kv", kvHeads)
                .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .putUint32("llama.rope.dimension_count", 64)
                .putFloat32("llama.rope.freq_base", 10000f)
                .putUint32("llama.vocab_size", tokens.size())
                .putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putFloat32Array("tokenizer.ggml.scores", scores)
                .putInt32Array("tokenizer.ggml.token_type", types.stream().mapToInt(Integer::intValue).toArray())
                .putUint32("tokenizer.ggml.unknown_token_id", 0)
                .putUint32("tokenizer.ggml.bos_token_id", 1)
                .putUint32("tokenizer.ggml.eos_token_id", 2)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false)
                .putBool("tokenizer.ggml.add_space_prefix", false)
                .putString("tokenizer.chat_template", reasoning ? REASONING_TEMPLATE : SyntheticModels.PLAIN_TEMPLATE);
        int v = tokens.size();
        int kv = 64 * kvHeads;
        SplittableRandom rnd = new SplittableRandom(seed);
        w.addTensor("token_embd.weight", type, new long[] {embedding, v}, random(type, (long) embedding * v, rnd.split()));
        w.addTensor("output_norm.weight", GgmlType.F32, new long[] {embedding}, ones(embedding));
        w.addTensor("output.weight", type, new long[] {embedding, v}, reasoning
                ? liveRows(tokens, types, rnd.split()) : random(type, (long) embedding * v, rnd.split()));
        for (int l = 0; l < layers; l++) {
            String p = "blk." + l + ".";
            w.addTensor(p + "attn_norm.weight", GgmlType.F32, new long[] {embedding}, ones(embedding));
            w.addTensor(p + "attn_q.weight", type, new long[] {embedding, embedding}, random(type, (long) embedding * embedding, rnd.split()));
            w.addTensor(p + "attn_k.weight", type, new long[] {embedding, kv}, random(type, (long) embedding * kv, rnd.split()));
            w.addTensor(p + "attn_v.weight", type, new long[] {embedding, kv}, random(type, (long) embedding * kv, rnd.split()));
            w.addTensor(p + "attn_output.weight", type, new long[] {embedding, embedding}, random(type, (long) embedding * embedding, rnd.split()));
            w.addTensor(p + "ffn_norm.weight", GgmlType.F32, new long[] {embedding}, ones(embedding));
            w.addTensor(p + "ffn_gate.weight", type, new long[] {embedding, feedForward}, random(type, (long) embedding * feedForward, rnd.split()));
            w.addTensor(p + "ffn_up.weight", type, new long[] {embedding, feedForward}, random(type, (long) embedding * feedForward, rnd.split()));
            w.addTensor(p + "ffn_down.weight", type, new long[] {feedForward, embedding}, random(type, (long) embedding * feedForward, rnd.split()));
        }
        return w.write(file);
    }

    /** Reasoning variant's output: random rows (gain {@value #REASONING_LOGIT_GAIN}) for ▁-words, zero rows else. */
    private GgufWriter.TensorData liveRows(List<String> tokens, List<Integer> types, SplittableRandom rnd) {
        return out -> {
            byte[] zero = new byte[(int) type.bytesFor(embedding)];
            for (int t = 0; t < tokens.size(); t++) {
                if (types.get(t) == 1 && tokens.get(t).startsWith(SyntheticModel.SPACE)) {
                    random(type, embedding, rnd, REASONING_LOGIT_GAIN).writeTo(out);
                } else {
                    out.write(zero);
                }
            }
        };
    }

    /** Letters, then 2- and 3-letter n-grams with and without a leading ▁, prefixes first (SPM can reach them). */
    private static void fillWords(List<String> tokens, List<Integer> types, int vocab) {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        List<String> words = new ArrayList<>();
        words.add(SyntheticModel.SPACE);
        for (char c : (letters + letters.toUpperCase() + "0123456789.,:;!?'\"()-\n").toCharArray()) {
            words.add(String.valueOf(c));
            words.add(SyntheticModel.SPACE + c);
        }
        for (char a : letters.toCharArray()) {
            for (char b : letters.toCharArray()) {
                words.add("" + a + b);
                words.add(SyntheticModel.SPACE + a + b);
            }
        }
        outer:
        for (char a : letters.toCharArray()) {
            for (char b : letters.toCharArray()) {
                for (char c : letters.toCharArray()) {
                    words.add(SyntheticModel.SPACE + a + b + c);
                    words.add("" + a + b + c);
                    if (words.size() + tokens.size() >= vocab) {
                        break outer;
                    }
                }
            }
        }
        for (String wd : words) {
            if (tokens.size() >= vocab) {
                break;
            }
            tokens.add(wd);
            types.add(1);
        }
    }

    private static GgufWriter.TensorData ones(int n) {
        float[] f = new float[n];
        Arrays.fill(f, 1f);
        return GgufWriter.f32(f);
    }

    /** Random weights, about uniform in ±0.05 (F16/F32) or int8 quants with scale 0.05/127 (Q8_0). */
    private static GgufWriter.TensorData random(GgmlType type, long elements, SplittableRandom rnd) {
        return random(type, elements, rnd, 1f);
    }

    private static GgufWriter.TensorData random(GgmlType type, long elements, SplittableRandom rnd, float gain) {
        return out -> {
            byte[] chunk = new byte[(int) Math.min(1 << 16, Math.max(68, type.bytesFor(elements)))];
            switch (type) {
                case Q8_0 -> {
                    short scale = GgufWriter.toHalf(gain * 0.05f / 127);
                    long blocks = elements / 32;
                    int perChunk = chunk.length / 34;
                    while (blocks > 0) {
                        int n = (int) Math.min(perChunk, blocks);
                        for (int b = 0; b < n; b++) {
                            int o = b * 34;
                            chunk[o] = (byte) scale;
                            chunk[o + 1] = (byte) (scale >> 8);
                            fillRandom(chunk, o + 2, 32, rnd);
                        }
                        out.write(chunk, 0, n * 34);
                        blocks -= n;
                    }
                }
                case F16 -> {
                    short[] table = new short[256];
                    for (int i = 0; i < 256; i++) {
                        table[i] = GgufWriter.toHalf((i - 127.5f) / 127.5f * 0.05f * gain);
                    }
                    byte[] r = new byte[chunk.length / 2];
                    long left = elements;
                    while (left > 0) {
                        int n = (int) Math.min(r.length, left);
                        fillRandom(r, 0, n, rnd);
                        for (int i = 0; i < n; i++) {
                            short h = table[r[i] & 0xFF];
                            chunk[2 * i] = (byte) h;
                            chunk[2 * i + 1] = (byte) (h >> 8);
                        }
                        out.write(chunk, 0, 2 * n);
                        left -= n;
                    }
                }
                case F32 -> {
                    long left = elements;
                    while (left > 0) {
                        int n = (int) Math.min(chunk.length / 4, left);
                        for (int i = 0; i < n; i++) {
                            int bits = Float.floatToRawIntBits((float) (rnd.nextDouble() - 0.5) * 0.1f * gain);
                            chunk[4 * i] = (byte) bits;
                            chunk[4 * i + 1] = (byte) (bits >> 8);
                            chunk[4 * i + 2] = (byte) (bits >> 16);
                            chunk[4 * i + 3] = (byte) (bits >> 24);
                        }
                        out.write(chunk, 0, 4 * n);
                        left -= n;
                    }
                }
                default -> throw new IllegalStateException();
            }
        };
    }

    private static void fillRandom(byte[] b, int off, int len, SplittableRandom rnd) {
        int i = 0;
        while (i < len) {
            long x = rnd.nextLong();
            for (int k = 0; k < 8 && i < len; k++, i++) {
                b[off + i] = (byte) (x >>> (8 * k));
            }
        }
    }
}
