package io.thinkgate.reasoning.policy;

import io.thinkgate.engine.ChatTurn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProbePromptTest {

    private final ProbePrompt prompt = new ProbePrompt("Rate it from 1 to {scale}.", 5);

    @Test
    void theInstructionFollowsTheLastUserMessageSoTheConversationBeforeItIsShared() {
        List<ChatTurn> conversation = List.of(new ChatTurn("system", "Be brief."), new ChatTurn("user", "2+2?"),
                new ChatTurn("assistant", "4"), new ChatTurn("user", "And 3+3?"));
        List<ChatTurn> probe = prompt.build(conversation);
        assertEquals(conversation.subList(0, 3), probe.subList(0, 3));
        assertEquals(new ChatTurn("user", "And 3+3?\n\nRate it from 1 to 5."), probe.get(3));
        assertEquals(4, probe.size());
    }

    @Test
    void aConversationWithoutAUserMessageGetsTheInstructionAsOne() {
        List<ChatTurn> probe = prompt.build(List.of(new ChatTurn("system", "Be brief.")));
        assertEquals(List.of(new ChatTurn("system", "Be brief."), new ChatTurn("user", "Rate it from 1 to 5.")),
                probe);
        List<ChatTurn> afterAssistant = prompt.build(List.of(new ChatTurn("user", "hi"),
                new ChatTurn("assistant", "hello")));
        assertEquals(new ChatTurn("user", "hi\n\nRate it from 1 to 5."), afterAssistant.get(0));
        assertEquals(new ChatTurn("assistant", "hello"), afterAssistant.get(1));
        assertThrows(IllegalArgumentException.class, () -> new ProbePrompt(" ", 5));
    }
}
