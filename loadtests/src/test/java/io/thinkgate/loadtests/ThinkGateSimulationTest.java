package io.thinkgate.loadtests;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ThinkGateSimulationTest {

    @Test
    void thinkgateObjectsMergeTheirFields() {
        assertEquals("{\"mode\":\"think\",\"loop_brake\":false}",
                ThinkGateSimulation.merge("{\"mode\":\"think\"}", " {\"loop_brake\":false} "));
        assertEquals("{\"mode\":\"auto\"}", ThinkGateSimulation.merge("{\"mode\":\"auto\"}", null));
        assertEquals("{\"loop_brake\":false}", ThinkGateSimulation.merge(null, "{\"loop_brake\":false}"));
        assertEquals("{\"a\":1}", ThinkGateSimulation.merge("{}", "{\"a\":1}"));
        assertEquals("{\"a\":1}", ThinkGateSimulation.merge("{\"a\":1}", "{ }"));
        assertNull(ThinkGateSimulation.merge(null, null));
    }

    @Test
    void promptsAreQuotedAsJsonStrings() {
        assertEquals("\"say \\\"hi\\\"\\n\\\\ \\u0001\"", ThinkGateSimulation.quote("say \"hi\"\n\\ \u0001"));
    }
}
