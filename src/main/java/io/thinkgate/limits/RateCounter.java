package io.thinkgate.limits;

import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where each key's requests and tokens of the current minute are counted: this process, or a shared Redis. */
public interface RateCounter extends AutoCloseable {

    /** Counts the request if its key is under its bounds; never fails (a store that can't answer says so). */
    CompletionStage<MinuteWindows.Admission> admit(String key, KeyLimits limits, long nowMillis);

    /** Adds a finished reply's tokens to its key's current minute. */
    void charge(String key, long tokens, long nowMillis);

    /** Why the store can't count now, or empty while it can. */
    Optional<String> trouble();

    @Override
    void close();
}
