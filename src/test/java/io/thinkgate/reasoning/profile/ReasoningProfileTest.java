package io.thinkgate.reasoning.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReasoningProfileTest {

    @Test
    void closedSpanPrefix() {
        assertEquals("<think>\n\n</think>\n\n", ReasoningProfile.think(false).closedSpanPrefix());
    }

    @Test
    void closedSpanPrefixWithThoughts() {
        assertEquals("<think>\nSTEPS\n</think>\n\n", ReasoningProfile.think(false).closedSpanPrefix("STEPS"));
    }

    @Test
    void closedSpanPrefixContinuesAPromptThatEndsWithTheOpenLine() {
        String opened = "<|assistant|><think>\n";
        assertEquals(opened + "\n</think>\n\n", opened + ReasoningProfile.think(true).closedSpanPrefix());
        assertEquals("<|assistant|><think>\nSTEPS\n</think>\n\n",
                opened + ReasoningProfile.think(true).closedSpanPrefix("STEPS"),
                "the same span as a template that leaves the open marker to the prefix");
    }

    @Test
    void customMarkers() {
        ReasoningProfile profile = new ReasoningProfile(true, "[THINK]", "[/THINK]", false);
        assertEquals("[THINK]\n\n[/THINK]\n\n", profile.closedSpanPrefix());
    }

    @Test
    void factories() {
        ReasoningProfile none = ReasoningProfile.none();
        assertFalse(none.reasoning());
        assertFalse(none.promptOpensSpan());
        assertEquals("<think>", none.openMarker());
        assertEquals("</think>", none.closeMarker());

        ReasoningProfile think = ReasoningProfile.think(true);
        assertTrue(think.reasoning());
        assertTrue(think.promptOpensSpan());
        assertEquals(ReasoningProfile.THINK_OPEN, think.openMarker());
        assertEquals(ReasoningProfile.THINK_CLOSE, think.closeMarker());
        assertEquals(new ReasoningProfile(true, "<think>", "</think>", false), ReasoningProfile.think(false));
    }

    @Test
    void validation() {
        assertThrows(NullPointerException.class, () -> new ReasoningProfile(true, null, "</think>", false));
        assertThrows(NullPointerException.class, () -> new ReasoningProfile(false, "<think>", null, false));
        assertThrows(IllegalArgumentException.class, () -> new ReasoningProfile(true, "", "</think>", false));
        assertThrows(IllegalArgumentException.class, () -> new ReasoningProfile(true, "<think>", "", false));
        new ReasoningProfile(false, "", "", false); // a non-reasoning profile needs no markers
    }
}
