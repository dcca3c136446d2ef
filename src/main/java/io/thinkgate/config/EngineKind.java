package io.thinkgate.config;

/** Where tokens are generated. */
public enum EngineKind {
    /** llama.cpp through the JNI binding, in this process: nothing to install. */
    EMBEDDED,
    /**
     * A llama-server (a current llama.cpp) over its HTTP API: the one at {@code thinkgate.engine.url}, or else one
     * that ThinkGate starts and supervises itself.
     */
    LLAMA_SERVER
}
