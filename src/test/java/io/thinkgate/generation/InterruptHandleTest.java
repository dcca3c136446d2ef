package io.thinkgate.generation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterruptHandleTest {

    static InterruptHandle handle() {
        return new InterruptHandle("\nNow.\n</think>\n\n", "\n[user: {text}]\n");
    }

    @Test
    void interruptsAreTakenOneAtATimeInOrderAndRecordedWhereTheyApplied() {
        InterruptHandle h = handle();
        assertEquals(new InterruptHandle.Offer.Accepted(InterruptHandle.Phase.WAITING, 0),
                h.offer(new Interrupt.Update("x")));
        h.offer(new Interrupt.Hurry(3));
        assertEquals(Optional.of(new Interrupt.Update("x")), h.take(7));
        assertEquals(new InterruptHandle.Offer.Accepted(InterruptHandle.Phase.THINKING, 7),
                h.offer(new Interrupt.AnswerNow()));
        assertEquals(Optional.of(new Interrupt.Hurry(3)), h.take(9));
        assertEquals(Optional.of(new Interrupt.AnswerNow()), h.take(10));
        assertEquals(Optional.empty(), h.take(11));
        assertEquals(List.of(new InterruptHandle.Applied(new Interrupt.Update("x"), 7),
                new InterruptHandle.Applied(new Interrupt.Hurry(3), 9),
                new InterruptHandle.Applied(new Interrupt.AnswerNow(), 10)), h.applied());
    }

    @Test
    void onceAnsweringOffersAreRefusedAndPendingOnesLapse() {
        InterruptHandle h = handle();
        h.take(1);
        h.offer(new Interrupt.Hurry(5));
        h.answering();
        assertInstanceOf(InterruptHandle.Offer.NotThinking.class, h.offer(new Interrupt.AnswerNow()));
        assertEquals(Optional.empty(), h.take(2), "an interrupt the reasoning ended before lapses");
        assertEquals(List.of(), h.applied());
        h.finished();
        assertEquals(new InterruptHandle.Offer.NotThinking(InterruptHandle.Phase.FINISHED),
                h.offer(new Interrupt.AnswerNow()));
    }

    @Test
    void answeringReportsWhenTheAppliedAnswerNowWasAskedFor() {
        InterruptHandle none = handle();
        none.take(1);
        assertEquals(0, none.answering());
        InterruptHandle asked = handle();
        long before = System.nanoTime();
        asked.offer(new Interrupt.AnswerNow());
        asked.take(4);
        long at = asked.answering();
        assertTrue(at >= before && at <= System.nanoTime(), "asked at " + at);
    }

    @Test
    void updatesAreFramedWithTheConfiguredWording() {
        assertEquals("\n[user: use base 10]\n", handle().framed("use base 10"));
        assertEquals("\nNow.\n</think>\n\n", handle().answerNowMessage());
    }
}
