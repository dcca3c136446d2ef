package io.thinkgate.engine.synthetic;

import io.thinkgate.engine.gguf.GgmlType;
import io.thinkgate.engine.gguf.GgufMetadata;
import io.thinkgate.engine.gguf.GgufWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deterministic "bigram machine" llama model (DESIGN.md §2): one block with zero {@code attn_output} and
 * {@code ffn_down}, a one-hot {@code token_embd} and an {@code output} matrix that is a transition table, so that
 * every token has exactly one successor (logit margin {@code sqrt(d)} ≥ 16, which holds at temperature 0.7 too),
 * or two equally likely ones where a model asks for a tie ({@link Builder#either}).
 *
 * <p>Vocabulary (SPM, {@code tokenizer.ggml.model = llama}, {@code add_space_prefix = false}, BOS added):
 * <ul>
 * <li>0 {@code <unk>}, 1 {@code <s>}, 2 {@code </s>} (control),</li>
 * <li>3..258 the byte tokens {@code <0x00>}..{@code <0xFF>} (so any text tokenizes),</li>
 * <li>the user-defined tokens (rendered as text, matched before SPM runs),</li>
 * <li>the normal tokens ("words"; write a leading space as {@link #SPACE}). For each word every prefix of two or
 * more characters is added too, with score = length, so that SPM's merges really reach the whole word.</li>
 * </ul>
 */
public final class SyntheticModel {

    /** SentencePiece's space marker. */
    public static final String SPACE = "\u2581";
    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";

    private final String name;
    private final List<String> tokens;
    private final int[] types;
    private final float[] scores;
    private final int[] next;
    /** A second successor as likely as the first, or -1. */
    private final int[] alsoNext;
    private final String chatTemplate;
    private final int contextLength;
    private final Map<String, Integer> ids;

    private SyntheticModel(Builder b) {
        this.name = b.name;
        this.chatTemplate = b.chatTemplate;
        this.contextLength = b.contextLength;
        List<String> toks = new ArrayList<>();
        List<Integer> ty = new ArrayList<>();
        toks.add(UNK);
        ty.add(GgufMetadata.TOKEN_TYPE_UNKNOWN);
        toks.add(BOS);
        ty.add(GgufMetadata.TOKEN_TYPE_CONTROL);
        toks.add(EOS);
        ty.add(GgufMetadata.TOKEN_TYPE_CONTROL);
        for (int i = 0; i < 256; i++) {
            toks.add(String.format("<0x%02X>", i));
            ty.add(GgufMetadata.TOKEN_TYPE_BYTE);
        }
        for (String u : b.userDefined) {
            toks.add(u);
            ty.add(GgufMetadata.TOKEN_TYPE_USER_DEFINED);
        }
        for (String w : b.words) {
            toks.add(w);
            ty.add(GgufMetadata.TOKEN_TYPE_NORMAL);
        }
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < toks.size(); i++) {
            if (map.put(toks.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token " + toks.get(i));
            }
        }
        this.tokens = List.copyOf(toks);
        this.ids = Collections.unmodifiableMap(map);
        this.types = ty.stream().mapToInt(Integer::intValue).toArray();
        this.scores = new float[toks.size()];
        for (int i = 0; i < toks.size(); i++) {
            scores[i] = types[i] == GgufMetadata.TOKEN_TYPE_NORMAL ? toks.get(i).codePointCount(0, toks.get(i).length()) : 0f;
        }
        int dflt = id(b.defaultNext);
        this.next = new int[toks.size()];
        java.util.Arrays.fill(next, dflt);
        b.transitions.forEach((from, to) -> next[id(from)] = id(to));
        this.alsoNext = new int[toks.size()];
        java.util.Arrays.fill(alsoNext, -1);
        b.ties.forEach((from, to) -> alsoNext[id(from)] = id(to));
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The vocabulary, by token id. */
    public List<String> tokens() {
        return tokens;
    }

    public int id(String token) {
        Integer i = ids.get(token);
        if (i == null) {
            throw new IllegalArgumentException("not in vocabulary: " + token);
        }
        return i;
    }

    /** The successor of a token. */
    public String next(String token) {
        return tokens.get(next[id(token)]);
    }

    public String chatTemplate() {
        return chatTemplate;
    }

    /** Embedding width: vocabulary size rounded up to a multiple of 64. */
    public int embeddingLength() {
        return (tokens.size() + 63) / 64 * 64;
    }

    /** Writes the GGUF file (a few MB, milliseconds). */
    public Path writeTo(Path file) throws IOException {
        int v = tokens.size();
        int d = embeddingLength();
        int headDim = 64;
        int nHead = d / headDim;
        int nHeadKv = 1;
        int nFf = 64;
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", name)
                .putUint32("general.file_type", 0)
                .putUint32("llama.context_length", contextLength)
                .putUint32("llama.embedding_length", d)
                .putUint32("llama.block_count", 1)
                .putUint32("llama.feed_forward_length", nFf)
                .putUint32("llama.attention.head_count", nHead)
                .putUint32("llama.attention.head_count_kv", nHeadKv)
                .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .putUint32("llama.rope.dimension_count", headDim)
                .putFloat32("llama.rope.freq_base", 10000f)
                .putUint32("llama.vocab_size", v)
                .putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putFloat32Array("tokenizer.ggml.scores", scores)
                .putInt32Array("tokenizer.ggml.token_type", types)
                .putUint32("tokenizer.ggml.unknown_token_id", 0)
                .putUint32("tokenizer.ggml.bos_token_id", 1)
                .putUint32("tokenizer.ggml.eos_token_id", 2)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false)
                .putBool("tokenizer.ggml.add_space_prefix", false);
        if (chatTemplate != null) {
            w.putString("tokenizer.chat_template", chatTemplate);
        }
        float[] embd = new float[v * d];
        for (int i = 0; i < v; i++) {
            embd[i * d + i] = 1f; // row i = one-hot e_i
        }
        float[] out = new float[v * d];
        for (int i = 0; i < v; i++) {
            out[next[i] * d + i] = 1f; // logit[next(i)] = sqrt(d) when the input is token i
            if (alsoNext[i] >= 0) {
                out[alsoNext[i] * d + i] = 1f;
            }
        }
        float[] ones = new float[d];
        java.util.Arrays.fill(ones, 1f);
        w.addTensor("token_embd.weight", GgmlType.F32, new long[] {d, v}, GgufWriter.f32(embd));
        w.addTensor("output_norm.weight", GgmlType.F32, new long[] {d}, GgufWriter.f32(ones));
        w.addTensor("output.weight", GgmlType.F32, new long[] {d, v}, GgufWriter.f32(out));
        w.addTensor("blk.0.attn_norm.weight", GgmlType.F32, new long[] {d}, GgufWriter.f32(ones));
        w.addTensor("blk.0.attn_q.weight", GgmlType.F32, new long[] {d, d}, zeros(d * d));
        w.addTensor("blk.0.attn_k.weight", GgmlType.F32, new long[] {d, headDim * nHeadKv}, zeros(d * headDim * nHeadKv));
        w.addTensor("blk.0.attn_v.weight", GgmlType.F32, new long[] {d, headDim * nHeadKv}, zeros(d * headDim * nHeadKv));
        w.addTensor("blk.0.attn_output.weight", GgmlType.F32, new long[] {d, d}, zeros(d * d));
        w.addTensor("blk.0.ffn_norm.weight", GgmlType.F32, new long[] {d}, GgufWriter.f32(ones));
        w.addTensor("blk.0.ffn_gate.weight", GgmlType.F32, new long[] {d, nFf}, zeros(d * nFf));
        w.addTensor("blk.0.ffn_up.weight", GgmlType.F32, new long[] {d, nFf}, zeros(d * nFf));
        w.addTensor("blk.0.ffn_down.weight", GgmlType.F32, new long[] {nFf, d}, zeros(d * nFf));
        return w.write(file);
    }

    private static GgufWriter.TensorData zeros(long floats) {
        return out -> {
            byte[] z = new byte[1 << 16];
            long left = floats * 4;
            while (left > 0) {
                int k = (int) Math.min(z.length, left);
                out.write(z, 0, k);
                left -= k;
            }
        };
    }

    /** Builds a {@link SyntheticModel}. Tokens named in transitions are added as words unless already declared. */
    public static final class Builder {
        private final String name;
        private final List<String> userDefined = new ArrayList<>();
        private final List<String> words = new ArrayList<>();
        private final java.util.Set<String> declared = new java.util.HashSet<>(List.of(UNK, BOS, EOS));
        private final Map<String, String> transitions = new LinkedHashMap<>();
        private final Map<String, String> ties = new LinkedHashMap<>();
        private String defaultNext = EOS;
        private String chatTemplate;
        private int contextLength = 4096;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
            for (int i = 0; i < 256; i++) {
                declared.add(String.format("<0x%02X>", i));
            }
            words(SPACE); // a lone space is one token, not three bytes
        }

        /** Adds user-defined tokens (type 4): always matched in text, always rendered in output. */
        public Builder userDefined(String... toks) {
            for (String t : toks) {
                if (declared.add(t)) {
                    userDefined.add(t);
                }
            }
            return this;
        }

        /** Adds normal tokens (and the prefixes SPM needs to reach them). Use {@link #SPACE} for a leading space. */
        public Builder words(String... toks) {
            for (String t : toks) {
                int[] cps = t.codePoints().toArray();
                for (int n = 2; n <= cps.length; n++) {
                    String prefix = new String(cps, 0, n);
                    if (declared.add(prefix)) {
                        words.add(prefix);
                    }
                }
                if (cps.length == 1 && declared.add(t)) {
                    words.add(t);
                }
            }
            return this;
        }

        /** {@code from} is followed by {@code to}. */
        public Builder next(String from, String to) {
            declareIfNew(from);
            declareIfNew(to);
            transitions.put(from, to);
            return this;
        }

        /**
         * {@code from} is followed by {@code to} or {@code alsoTo}, equally likely: each has probability about 1/2,
         * and a greedy sampler takes one of them.
         */
        public Builder either(String from, String to, String alsoTo) {
            next(from, to);
            declareIfNew(alsoTo);
            ties.put(from, alsoTo);
            return this;
        }

        /** Each token is followed by the next one: {@code sequence(a, b, c)} means a→b, b→c. */
        public Builder sequence(String... toks) {
            for (int i = 0; i + 1 < toks.length; i++) {
                next(toks[i], toks[i + 1]);
            }
            return this;
        }

        /** The successor of every token without an explicit transition ({@code </s>} unless set). */
        public Builder defaultNext(String to) {
            declareIfNew(to);
            this.defaultNext = to;
            return this;
        }

        public Builder chatTemplate(String jinja) {
            this.chatTemplate = jinja;
            return this;
        }

        public Builder contextLength(int n) {
            this.contextLength = n;
            return this;
        }

        private void declareIfNew(String t) {
            if (!declared.contains(t)) {
                words(t);
            }
        }

        public SyntheticModel build() {
            return new SyntheticModel(this);
        }
    }
}
