package io.thinkgate.engine.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticModelTest {

    @Test
    void demoTransitions() {
        SyntheticModel m = SyntheticModels.demo();
        assertEquals("<think>", m.next("<|assistant|>"));
        assertEquals("\n", m.next("<think>"));
        assertEquals("Hmm", m.next("\n"));
        assertEquals(SyntheticModel.SPACE + "Hmm", m.next(SyntheticModel.SPACE + "check"));
        assertEquals(SyntheticModel.SPACE + ",", m.next(SyntheticModel.SPACE + "Hmm"));
        assertEquals("\n\n", m.next("</think>"));
        assertEquals("The", m.next("\n\n"));
        assertEquals("</s>", m.next("▁42."));
        assertEquals(0, m.embeddingLength() % 64);
        assertTrue(m.embeddingLength() >= m.tokens().size());
        assertEquals("<unk>", m.tokens().get(0));
        assertEquals("<0x0A>", m.tokens().get(3 + 10));
        // SPM needs every prefix of a word in the vocabulary
        assertTrue(m.tokens().containsAll(java.util.List.of("\u2581c", "\u2581ch", "\u2581che", "\u2581chec")));
    }

    @Test
    void plainModelsHaveNoThinkTokens() {
        for (SyntheticModel m : new SyntheticModel[] {SyntheticModels.thoughtWriter(), SyntheticModels.thoughtStopper(),
                SyntheticModels.thoughtRambler()}) {
            assertFalse(m.tokens().contains("<think>"), m.name());
            assertFalse(m.chatTemplate().contains("think"), m.name());
        }
    }

    @Test
    void unknownTokens() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticModels.demo().id("nope"));
    }
}
