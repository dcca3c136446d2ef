package io.thinkgate.generation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Tells a running generation that its client is gone. Hooks run once, on the thread that cancels. */
public final class Cancellation {

    private volatile boolean cancelled;
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        hooks.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code hook} on cancellation (at once if already cancelled) until the returned handle is closed. */
    public Registration onCancel(Runnable hook) {
        hooks.add(hook);
        if (cancelled) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }

    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
