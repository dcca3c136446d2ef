package io.thinkgate.loadtests;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MixTest {

    @Test
    void weightsBecomeSharesThatAddUpToAHundred() {
        Mix mix = Mix.parse("think=1, no_think=1, budget:256=2");
        assertEquals(List.of("think", "no_think", "budget:256"), mix.arms().stream().map(Mix.Arm::name).toList());
        assertEquals(25.0, mix.arms().get(0).percent(), 1e-9);
        assertEquals(25.0, mix.arms().get(1).percent(), 1e-9);
        assertEquals(100.0, mix.arms().stream().mapToDouble(Mix.Arm::percent).sum(), 1e-9);
        Mix thirds = Mix.parse("think=1,no_think=1,auto=1");
        assertEquals(100.0, thirds.arms().stream().mapToDouble(Mix.Arm::percent).sum(), 0);
    }

    @Test
    void eachModeSendsItsThinkgateObject() {
        Mix mix = Mix.parse("think=1,no_think=1,budget:64=1,thoughts=1,auto=1");
        assertEquals(List.of("{\"mode\":\"think\"}", "{\"mode\":\"no_think\"}",
                        "{\"mode\":\"think\",\"budget_tokens\":64}", "{\"mode\":\"thoughts\"}", "{\"mode\":\"auto\"}"),
                mix.arms().stream().map(Mix.Arm::thinkgate).toList());
    }

    @Test
    void anArmWithWeightZeroIsLeftOut() {
        assertEquals(List.of("think"), Mix.parse("think=3,thoughts=0").arms().stream().map(Mix.Arm::name)
                .toList());
    }

    @Test
    void badSpecsAreRefusedWithTheReason() {
        for (String bad : new String[] {"think", "think=-1", "think=0", "plan=1", "budget:0=1", "budget:x=1",
                "think=a"}) {
            assertThrows(IllegalArgumentException.class, () -> Mix.parse(bad), bad);
        }
    }
}
