package io.thinkgate.limits;

import io.thinkgate.auth.KeyLimits;
import io.thinkgate.auth.MinuteWindows;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Counts in this process: right for one replica; with several, each counts for itself. */
public final class LocalRateCounter implements RateCounter {

    private final MinuteWindows windows = new MinuteWindows();

    @Override
    public CompletionStage<MinuteWindows.Admission> admit(String key, KeyLimits limits, long nowMillis) {
        return CompletableFuture.completedFuture(windows.admit(key, limits, nowMillis));
    }

    @Override
    public void charge(String key, long tokens, long nowMillis) {
        windows.charge(key, tokens, nowMillis);
    }

    @Override
    public Optional<String> trouble() {
        return Optional.empty();
    }

    @Override
    public void close() {
    }
}
