package io.thinkgate.generation;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat completions running now, by reply id, with the interrupt mailbox of those that opted in: what the
 * control endpoint finds. A request leaves when it ends, for whatever reason (finished, failed, or its client left).
 */
@ApplicationScoped
public class RunningRequests {

    /**
     * A running request; {@code interrupts} is empty when it did not opt in, {@code caller} when it came without
     * an API key (keys off).
     */
    public record Entry(Optional<InterruptHandle> interrupts, Optional<String> caller) {
    }

    private final Map<String, Entry> running = new ConcurrentHashMap<>();

    /** Registers {@code id} until the returned registration is closed. */
    public Registration register(String id, Optional<InterruptHandle> interrupts, Optional<String> caller) {
        running.put(id, new Entry(interrupts, caller));
        return () -> running.remove(id);
    }

    public Optional<Entry> find(String id) {
        return Optional.ofNullable(running.get(id));
    }

    /** Closing it removes the request; safe to call more than once. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
