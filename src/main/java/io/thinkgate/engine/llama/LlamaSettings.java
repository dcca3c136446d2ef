package io.thinkgate.engine.llama;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How to load a model into {@link LlamaEngine}.
 *
 * @param modelPath the GGUF file
 * @param modelId the id clients use (null: the file name without {@code .gguf})
 * @param contextSize tokens of context per slot; 0 = the model's own context length, capped at
 *                    {@link #DEFAULT_MAX_CONTEXT}. Always capped at the model's own context length.
 * @param parallel slots (concurrent generations, continuous batching)
 * @param threads CPU threads; 0 = llama.cpp's default (the physical cores)
 * @param gpuLayers layers to offload to a GPU (needs a CUDA build of libjllama); 0 = none
 * @param nativeLog whether llama.cpp logs to stderr (about 130 lines per load)
 * @param nativeTempDir where the binding extracts libjllama.so (system property {@code de.kherud.llama.tmpdir});
 *                      null = {@code ${java.io.tmpdir}/thinkgate-native}. Never a shared directory like /tmp: the
 *                      binding deletes every file there whose name starts with "llama" or "jllama".
 *
 * <p>A custom libjllama.so (e.g. a CUDA build) is taken from {@code -Dde.kherud.llama.lib.path=DIR}.
 */
public record LlamaSettings(Path modelPath, String modelId, int contextSize, int parallel, int threads, int gpuLayers,
                            boolean nativeLog, Path nativeTempDir) {

    public static final int DEFAULT_MAX_CONTEXT = 8192;

    public LlamaSettings {
        Objects.requireNonNull(modelPath, "modelPath");
        if (contextSize < 0 || parallel < 1 || threads < 0 || gpuLayers < 0) {
            throw new IllegalArgumentException("bad llama settings");
        }
        if (modelId == null || modelId.isBlank()) {
            modelId = idFromFile(modelPath);
        }
    }

    /** The id a model file gets when none is configured: its file name without {@code .gguf}. */
    public static String idFromFile(Path modelPath) {
        String name = modelPath.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
    }

    /** Defaults: id from the file name, the model's context (capped), 1 slot, auto threads, CPU, no native log. */
    public static LlamaSettings of(Path modelPath) {
        return new LlamaSettings(modelPath, null, 0, 1, 0, 0, false, null);
    }

    public LlamaSettings withModelId(String id) {
        return new LlamaSettings(modelPath, id, contextSize, parallel, threads, gpuLayers, nativeLog, nativeTempDir);
    }

    public LlamaSettings withContextSize(int n) {
        return new LlamaSettings(modelPath, modelId, n, parallel, threads, gpuLayers, nativeLog, nativeTempDir);
    }

    public LlamaSettings withParallel(int n) {
        return new LlamaSettings(modelPath, modelId, contextSize, n, threads, gpuLayers, nativeLog, nativeTempDir);
    }

    public LlamaSettings withNativeTempDir(Path dir) {
        return new LlamaSettings(modelPath, modelId, contextSize, parallel, threads, gpuLayers, nativeLog, dir);
    }
}
