package io.thinkgate.reasoning.thoughts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ThoughtClassifierTest {

    private final ThoughtClassifier dropsOverlong = new ThoughtClassifier("<STOP>", false);
    private final ThoughtClassifier keepsOverlong = new ThoughtClassifier("<STOP>", true);

    @ParameterizedTest(name = "[{0}] capped={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "1. Add. 2. Report.          | false | INJECTED",
            "<STOP>                      | false | STOP",
            "  <STOP>                    | false | STOP",
            "1. Hmm. <STOP>              | false | STOP",
            "<STOP>                      | true  | STOP",
            "1. Add. 2. Rep              | true  | OVERLONG",
            "''                          | false | EMPTY",
            "'   '                       | false | EMPTY",
            "<STOP without close         | false | INJECTED",
    })
    void classifiesWhatTheWriterWrote(String thoughts, boolean capped, ThoughtOutcome expected) {
        assertEquals(expected, dropsOverlong.classify(thoughts, capped));
    }

    @Test
    void overlongThoughtsCanBeKeptByConfiguration() {
        assertEquals(ThoughtOutcome.INJECTED, keepsOverlong.classify("1. Add. 2. Rep", true));
        assertEquals(ThoughtOutcome.STOP, keepsOverlong.classify("1. <STOP>", true), "a stop still wins");
        assertEquals(ThoughtOutcome.EMPTY, keepsOverlong.classify(" ", true));
    }

    @Test
    void onlyInjectedThoughtsAvoidTheFallback() {
        for (ThoughtOutcome outcome : ThoughtOutcome.values()) {
            assertEquals(outcome != ThoughtOutcome.INJECTED, outcome.fallsBack(), outcome.name());
        }
        assertEquals("overlong", ThoughtOutcome.OVERLONG.wireName());
    }

    @Test
    void theStopMarkerIsConfigurableButNotBlank() {
        ThoughtClassifier custom = new ThoughtClassifier("[GIVE UP]", false);
        assertEquals(ThoughtOutcome.STOP, custom.classify("[GIVE UP]", false));
        assertEquals(ThoughtOutcome.INJECTED, custom.classify("<STOP>", false));
        assertThrows(IllegalArgumentException.class, () -> new ThoughtClassifier(" ", false));
    }

    @Test
    void sourcesHaveWireNames() {
        assertEquals(ThoughtSource.THOUGHT_MODEL, ThoughtSource.fromWire("thought-model").orElseThrow());
        assertTrue(ThoughtSource.fromWire("client").isPresent());
        assertFalse(ThoughtSource.fromWire("THOUGHT_MODEL").isPresent());
    }
}
