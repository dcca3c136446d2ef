package io.thinkgate.generation;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The mailbox between a caller's interrupts and one running completion: the control endpoint offers, the
 * generation thread takes one at each reasoning token. Thread-safe.
 *
 * @see Interrupt
 */
public final class InterruptHandle {

    /** Where the completion is, as the control endpoint reports it. */
    public enum Phase {
        /** Not generating yet: waiting for a slot, prefilling, or writing thoughts. */
        WAITING,
        THINKING,
        ANSWERING,
        FINISHED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An interrupt as applied: where in the reasoning it took effect. */
    public record Applied(Interrupt interrupt, int atReasoningTokens) {
    }

    /** What an offer found. */
    public sealed interface Offer {
        record Accepted(Phase phase, int reasoningTokens) implements Offer {
        }

        /** The completion has left its thinking phase: the interrupt would change nothing. */
        record NotThinking(Phase phase) implements Offer {
        }
    }

    private record Pending(Interrupt interrupt, long offeredNanos) {
    }

    private final String answerNowMessage;
    private final String updateTemplate;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final List<Applied> applied = new ArrayList<>();
    private Phase phase = Phase.WAITING;
    private int reasoningTokens;
    private long answerNowNanos;

    /**
     * @param answerNowMessage what ends the reasoning on {@code answer_now}, close marker included
     * @param updateTemplate how an update is framed; {@code {text}} stands for the caller's text
     */
    public InterruptHandle(String answerNowMessage, String updateTemplate) {
        this.answerNowMessage = answerNowMessage;
        this.updateTemplate = updateTemplate;
    }

    public synchronized Offer offer(Interrupt interrupt) {
        if (phase == Phase.ANSWERING || phase == Phase.FINISHED) {
            return new Offer.NotThinking(phase);
        }
        pending.addLast(new Pending(interrupt, System.nanoTime()));
        return new Offer.Accepted(phase, reasoningTokens);
    }

    public synchronized Phase phase() {
        return phase;
    }

    public synchronized List<Applied> applied() {
        return List.copyOf(applied);
    }

    String answerNowMessage() {
        return answerNowMessage;
    }

    String framed(String text) {
        return updateTemplate.replace("{text}", text);
    }

    /** The next interrupt to apply at this reasoning token, recorded as applied there. */
    synchronized Optional<Interrupt> take(int reasoningTokensNow) {
        reasoningTokens = reasoningTokensNow;
        phase = Phase.THINKING;
        Pending next = pending.pollFirst();
        if (next == null) {
            return Optional.empty();
        }
        applied.add(new Applied(next.interrupt(), reasoningTokensNow));
        if (next.interrupt() instanceof Interrupt.AnswerNow && answerNowNanos == 0) {
            answerNowNanos = next.offeredNanos();
        }
        return Optional.of(next.interrupt());
    }

    /**
     * The reasoning is over: later offers are refused, and ones not taken yet lapse.
     *
     * @return when the first applied {@code answer_now} was asked for, to time its effect; 0 if none was
     */
    synchronized long answering() {
        phase = Phase.ANSWERING;
        pending.clear();
        return answerNowNanos;
    }

    synchronized void finished() {
        phase = Phase.FINISHED;
        pending.clear();
    }
}
