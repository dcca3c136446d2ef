package io.thinkgate.config;

/** What requests get while the shared rate limit counts in Redis can't be read. */
public enum RedisFailure {
    /** They pass, uncounted: serving goes on, the limits don't hold. */
    OPEN,
    /** Completions get a 503 and the replica is not ready: the limits hold, serving stops. */
    CLOSED
}
