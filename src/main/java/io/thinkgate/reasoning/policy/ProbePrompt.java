package io.thinkgate.reasoning.policy;

import io.thinkgate.engine.ChatTurn;

import java.util.ArrayList;
import java.util.List;

/**
 * The conversation the probe model rates: the request's own, with the rating instruction after the last user
 * message's text. Put there, and not in a turn of its own, the rendered probe prompt shares everything before it
 * with the request's prompt (so the slot's cached prefix serves both), and templates that insist on alternating
 * roles still render it.
 */
public final class ProbePrompt {

    private final String instruction;

    /** @param instruction the instruction; {@code {scale}} in it becomes the top of the rating scale */
    public ProbePrompt(String instruction, int scale) {
        if (instruction.isBlank()) {
            throw new IllegalArgumentException("the probe instruction must not be blank");
        }
        this.instruction = instruction.replace("{scale}", String.valueOf(scale));
    }

    public List<ChatTurn> build(List<ChatTurn> conversation) {
        List<ChatTurn> turns = new ArrayList<>(conversation);
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role().equals("user")) {
                turns.set(i, new ChatTurn("user", turns.get(i).content() + "\n\n" + instruction));
                return List.copyOf(turns);
            }
        }
        turns.add(new ChatTurn("user", instruction));
        return List.copyOf(turns);
    }
}
