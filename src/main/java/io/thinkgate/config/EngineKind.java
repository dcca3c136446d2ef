package io.thinkgate.config;

/** Where tokens are generated. */
public enum EngineKind {
    /** llama.cpp through the JNI binding, in this process: nothing to install. */
    EMBEDDED,
    /** A llama-server (a current llama.cpp) over its HTTP API, at {@code thinkgate.engine.url}. */
    LLAMA_SERVER
}
