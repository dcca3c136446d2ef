package io.thinkgate.engine.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.engine.ModelInfo;
import io.thinkgate.engine.TokenStream;
import io.thinkgate.engine.gguf.GgufMetadata;
import io.thinkgate.engine.gguf.GgufReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link InferenceEngine} on the llama.cpp JNI binding ({@code de.kherud:llama}). One model, {@code parallel}
 * slots with continuous batching, Jinja chat templates, prompt cache on.
 *
 * <p>Cancellation: in the binding, {@code LlamaIterator.cancel()} removes the task from the result queue, so a
 * thread blocked in {@code next()} on that task would wait forever. So {@link TokenStream#close()} never cancels
 * under a blocked reader: it sets a flag, and the reader cancels as soon as its pending token arrives (one token
 * time later). A Java semaphore with one permit per slot makes sure a request only enters the native queue when a
 * slot is free, so a reader never blocks behind other requests, and a stream closed while it waits for a slot
 * never reaches llama.cpp.
 */
public final class LlamaEngine implements InferenceEngine {

    private static final Object NATIVE_LOCK = new Object();
    /**
     * Logical batch (llama.cpp's default is 2048). A prompt is prefilled in chunks of this size, and one chunk is one
     * uninterruptible llama_decode call: while it runs, the other slots get no tokens and a cancel waits. 512
     * keeps those stalls short without slowing prefill on a CPU.
     */
    static final int BATCH = 512;

    private final ModelInfo info;
    private final LlamaModel model;
    private final Semaphore slots;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean strictTemplate;

    public LlamaEngine(LlamaSettings settings) {
        GgufMetadata meta;
        try {
            meta = GgufReader.read(settings.modelPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + settings.modelPath(), e);
        }
        int modelCtx = meta.contextLength().orElse(LlamaSettings.DEFAULT_MAX_CONTEXT);
        int ctx = settings.contextSize() > 0 ? Math.min(settings.contextSize(), modelCtx)
                : Math.min(modelCtx, LlamaSettings.DEFAULT_MAX_CONTEXT);
        this.info = new ModelInfo(settings.modelId(), ctx, settings.parallel(), meta.chatTemplate().orElse(""),
                meta.specialTokens(), meta.maxTokenChars());
        configureNative(settings);
        ModelParameters p = new ModelParameters()
                .setModel(settings.modelPath().toAbsolutePath().toString())
                .setCtxSize(ctx * settings.parallel())
                .setParallel(settings.parallel())
                .setBatchSize(BATCH)
                .enableContBatching()
                .enableJinja();
        if (settings.threads() > 0) {
            p.setThreads(settings.threads()).setThreadsBatch(settings.threads());
        }
        if (settings.gpuLayers() > 0) {
            p.setGpuLayers(settings.gpuLayers());
        }
        if (!settings.nativeLog()) {
            p.disableLog();
        }
        this.model = new LlamaModel(p);
        this.strictTemplate = StrictTemplateTurns.strict(info.chatTemplate());
        this.slots = new Semaphore(settings.parallel(), true);
    }

    /**
     * Points the binding at its native temp dir before its classes load. Later calls
     * have no effect on an already loaded library.
     */
    static void configureNative(LlamaSettings s) {
        synchronized (NATIVE_LOCK) {
            Path dir = s.nativeTempDir();
            if (dir == null && System.getProperty("de.kherud.llama.tmpdir") == null) {
                dir = Path.of(System.getProperty("java.io.tmpdir"), "thinkgate-native");
            }
            if (dir != null) {
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create native temp dir " + dir, e);
                }
                System.setProperty("de.kherud.llama.tmpdir", dir.toAbsolutePath().toString());
            }
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /**
     * Renders with the model's template. The binding returns the result through JNI's NewStringUTF, which garbles
     * characters outside the BMP (emoji) and stops at U+0000, and then cuts the rest of the prompt short. So those
     * characters are swapped for unused private-use characters before rendering and swapped back after.
     */
    @Override
    public String renderChat(List<ChatTurn> conversation) {
        List<ChatTurn> turns = strictTemplate ? StrictTemplateTurns.shape(conversation) : conversation;
        java.util.Map<Integer, Integer> swap = new java.util.LinkedHashMap<>();
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (ChatTurn t : turns) {
            for (String s : new String[] {t.role(), t.content()}) {
                if (s != null) {
                    s.codePoints().forEach(used::add);
                }
            }
        }
        int next = 0xF8FF;
        for (int cp : used) {
            if (cp == 0 || Character.isSupplementaryCodePoint(cp)) {
                while (used.contains(next) || info.chatTemplate().indexOf(next) >= 0) {
                    next--;
                }
                if (next < 0xE000) {
                    throw new IllegalArgumentException("too many distinct non-BMP characters");
                }
                swap.put(cp, next--);
            }
        }
        StringBuilder json = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < turns.size(); i++) {
            ChatTurn t = turns.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"role\":");
            quote(json, replace(t.role(), swap));
            json.append(",\"content\":");
            quote(json, replace(renderable(t.content()), swap));
            json.append('}');
        }
        json.append("],\"add_generation_prompt\":true}");
        String rendered = model.applyTemplate(json.toString());
        if (swap.isEmpty()) {
            return rendered;
        }
        java.util.Map<Integer, Integer> back = new java.util.HashMap<>();
        swap.forEach((k, v) -> back.put(v, k));
        return replace(rendered, back);
    }

    private static String replace(String s, java.util.Map<Integer, Integer> map) {
        if (map.isEmpty()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(map.getOrDefault(cp, cp)));
        return sb.toString();
    }

    /**
     * llama.cpp hands empty content to the template as null, and a template that calls a string method on it
     * throws a C++ exception that aborts the JVM; a single space renders the same turn safely.
     */
    private static String renderable(String content) {
        return content == null || content.isEmpty() ? " " : content;
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Tokens of {@code text}, special tokens parsed, no BOS added. */
    @Override
    public int[] tokenize(String text) {
        return model.encode(text);
    }

    @Override
    public TokenStream generate(GenerationRequest request) {
        if (closed.get()) {
            throw new IllegalStateException("engine closed");
        }
        InferenceParameters p = new InferenceParameters(request.prompt())
                .setNPredict(request.maxTokens())
                .setCachePrompt(true);
        GenerationRequest.Sampling s = request.sampling();
        if (s != null) {
            p.setTemperature((float) s.temperature());
            p.setTopP((float) s.topP());
            s.seed().ifPresent(seed -> p.setSeed((int) seed));
        }
        if (request.grammar() != null && !request.grammar().isBlank()) {
            p.setGrammar(request.grammar());
        }
        return new Stream(p, request.maxTokens());
    }

    /** Frees the model (the binding keeps its memory mapping and a native thread until the JVM exits). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.close();
        }
    }

    /** Slots not in use right now. */
    public int freeSlots() {
        return slots.availablePermits();
    }

    private final class Stream implements TokenStream {
        private final InferenceParameters params;
        private final int maxTokens;
        private int counted;
        private LlamaIterator it;
        private boolean closed;
        private boolean finished;
        private boolean inNative;
        private boolean holdsPermit;
        private int lastPieceTokens;

        Stream(InferenceParameters params, int maxTokens) {
            this.params = params;
            this.maxTokens = maxTokens;
        }

        @Override
        public Optional<String> next() {
            if (!start()) {
                return Optional.empty();
            }
            synchronized (this) {
                if (finished || closed) {
                    return Optional.empty();
                }
                inNative = true;
            }
            LlamaOutput out;
            try {
                out = it.next();
            } catch (RuntimeException e) {
                synchronized (this) {
                    inNative = false;
                    finished = true;
                    releasePermit();
                }
                throw e;
            }
            synchronized (this) {
                inNative = false;
                if (isStop(out)) {
                    finished = true; // the binding has released the task
                    releasePermit();
                    return out.text.isEmpty() ? Optional.empty() : piece(out.text);
                }
                if (closed) {
                    cancel();
                    return Optional.empty();
                }
                return piece(out.text);
            }
        }

        /**
         * llama.cpp sends the tokens of a character split over several tokens as one piece; re-tokenizing a piece
         * that is not plain ASCII recovers how many tokens it was. Bytes that form no valid character come back as
         * U+FFFD, which re-tokenizes into more tokens than were sampled, so the count is capped at what llama.cpp
         * can have sampled: the binding stops at {@code maxTokens}.
         */
        private Optional<String> piece(String text) {
            boolean ascii = text.chars().allMatch(c -> c < 0x80);
            int tokens = ascii ? 1 : Math.max(1, tokenize(text).length);
            lastPieceTokens = Math.max(0, Math.min(tokens, maxTokens - counted));
            counted += lastPieceTokens;
            return Optional.of(text);
        }

        @Override
        public int lastPieceTokens() {
            return lastPieceTokens;
        }

        private boolean isStop(LlamaOutput out) {
            return !it.hasNext();
        }

        /** Waits for a slot and submits the request; false if closed first. */
        private boolean start() {
            synchronized (this) {
                if (it != null) {
                    return true;
                }
                if (closed) {
                    return false;
                }
            }
            try {
                while (!slots.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    synchronized (this) {
                        if (closed) {
                            return false;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (this) {
                    closed = true;
                    finished = true;
                }
                return false;
            }
            synchronized (this) {
                holdsPermit = true;
                if (closed) {
                    finished = true;
                    releasePermit();
                    return false;
                }
                try {
                    it = model.generate(params).iterator();
                } catch (RuntimeException e) {
                    finished = true;
                    releasePermit();
                    throw e;
                }
                return true;
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                if (it != null && !finished && !inNative) {
                    cancel();
                }
            }
        }

        /** Under the lock, with no reader in native code. */
        private void cancel() {
            if (!finished) {
                finished = true;
                it.cancel();
                releasePermit();
            }
        }

        private void releasePermit() {
            if (holdsPermit) {
                holdsPermit = false;
                slots.release();
            }
        }
    }
}
