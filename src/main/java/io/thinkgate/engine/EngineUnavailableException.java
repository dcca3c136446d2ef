package io.thinkgate.engine;

/** The engine cannot serve right now (a llama-server that is down or restarting); the request may be retried. */
public final class EngineUnavailableException extends RuntimeException {

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
