package io.thinkgate.engine.llama;

import io.thinkgate.engine.ChatTurn;

import java.util.ArrayList;
import java.util.List;

/**
 * Shapes a conversation for chat templates that call {@code raise_exception} (Gemma, Mistral and Llama-2 style
 * templates insist that user and assistant turns alternate). Inside the binding such an exception aborts the JVM, so
 * the conversation is made acceptable first: consecutive turns of one role are merged, and a conversation whose
 * first turn after the system prompt is not the user's is refused with a plain exception.
 */
final class StrictTemplateTurns {

    private StrictTemplateTurns() {
    }

    static boolean strict(String chatTemplate) {
        return chatTemplate.contains("raise_exception");
    }

    static List<ChatTurn> shape(List<ChatTurn> turns) {
        List<ChatTurn> merged = new ArrayList<>(turns.size());
        for (ChatTurn turn : turns) {
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).role().equals(turn.role())) {
                merged.set(last, new ChatTurn(turn.role(), merged.get(last).content() + "\n\n" + turn.content()));
            } else {
                merged.add(turn);
            }
        }
        merged.stream().filter(turn -> !turn.role().equals("system")).findFirst()
                .filter(first -> !first.role().equals("user"))
                .ifPresent(first -> {
                    throw new IllegalArgumentException("this model's chat template needs the conversation to start "
                            + "with a user message after any system message");
                });
        return merged;
    }
}
