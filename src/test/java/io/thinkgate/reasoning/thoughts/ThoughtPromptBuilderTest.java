package io.thinkgate.reasoning.thoughts;

import io.thinkgate.engine.ChatTurn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThoughtPromptBuilderTest {

    private final ThoughtPromptBuilder builder = new ThoughtPromptBuilder("Plan, do not solve.");

    @Test
    void theInstructionComesFirstAsTheSystemMessage() {
        List<ChatTurn> turns = builder.build(List.of(new ChatTurn("user", "What is 6 * 7?")));

        assertEquals(List.of(new ChatTurn("system", "Plan, do not solve."), new ChatTurn("user", "What is 6 * 7?")),
                turns);
    }

    @Test
    void theConversationsSystemMessagesAreFoldedIntoTheInstruction() {
        List<ChatTurn> turns = builder.build(List.of(new ChatTurn("system", "Answer in French."),
                new ChatTurn("user", "Hi"), new ChatTurn("assistant", "Salut"), new ChatTurn("system", "Be brief."),
                new ChatTurn("user", "6 * 7?")));

        assertEquals(new ChatTurn("system", "Plan, do not solve.\n\nAnswer in French.\n\nBe brief."), turns.get(0));
        assertEquals(List.of("system", "user", "assistant", "user"), turns.stream().map(ChatTurn::role).toList());
        assertEquals("6 * 7?", turns.get(3).content());
    }

    @Test
    void aBlankInstructionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ThoughtPromptBuilder("  "));
    }
}
