package io.thinkgate.reasoning.thoughts;

import io.thinkgate.engine.ChatTurn;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the conversation a thought writer sees: the instruction as the system message, then the user's conversation.
 * The conversation's own system messages are folded into the instruction, since many chat templates allow only one.
 */
public final class ThoughtPromptBuilder {

    private final String instruction;

    public ThoughtPromptBuilder(String instruction) {
        if (instruction.isBlank()) {
            throw new IllegalArgumentException("the thought instruction must not be blank");
        }
        this.instruction = instruction;
    }

    public List<ChatTurn> build(List<ChatTurn> conversation) {
        StringBuilder system = new StringBuilder(instruction);
        List<ChatTurn> turns = new ArrayList<>(conversation.size() + 1);
        turns.add(null);
        for (ChatTurn turn : conversation) {
            if (turn.role().equals("system")) {
                system.append("\n\n").append(turn.content());
            } else {
                turns.add(turn);
            }
        }
        turns.set(0, new ChatTurn("system", system.toString()));
        return List.copyOf(turns);
    }
}
