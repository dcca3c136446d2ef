package io.thinkgate.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {

    private static ItemResult r(String arm, String item, boolean correct, int reasoning, int completion,
            String chosen) {
        return new ItemResult(arm, item, "all", correct, reasoning, completion, 100 + completion, 10, chosen, null, "");
    }

    private static Map<String, Item> items(String... ids) {
        Map<String, Item> items = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            items.put(ids[i], new Item(ids[i], "q", "1", Checker.NUMERIC, i % 2 == 0 ? "simple" : "hard", 0));
        }
        return items;
    }

    @Test
    void accuracyTokensAndE3OverTheAnsweredItems() {
        List<ItemResult> results = List.of(r("a", "1", true, 0, 10, null), r("a", "2", false, 50, 60, null),
                r("a", "3", true, 20, 30, null), r("a", "4", true, 30, 100, null),
                new ItemResult("a", "5", "all", false, 0, 0, 5, -1, null, "HTTP 500: boom", ""));
        ArmSummary s = ArmSummary.of("a", results, items("1", "2", "3", "4", "5"));
        assertEquals(4, s.answered());
        assertEquals(1, s.failed(), "a failure is counted apart, not as wrong");
        assertEquals(0.75, s.accuracy());
        assertEquals(50.0, s.completion().mean());
        assertEquals(30.0, s.completion().p50(), "nearest rank");
        assertEquals(100.0, s.completion().p95());
        assertEquals(25.0, s.reasoning().mean());
        assertEquals(200.0 / 3, s.tokensPerCorrect(), 1e-9);
        assertEquals(0.75 * 0.75 / 50, s.e3(), 1e-12);
        assertEquals(10.0, s.ttftMs().p50(), "the failure's missing TTFT is left out");
    }

    @Test
    void theWilsonIntervalMatchesTheFormula() {
        double[] w = ArmSummary.wilson(8, 10);
        assertEquals(0.4902, w[0], 1e-4);
        assertEquals(0.9433, w[1], 1e-4);
        double[] none = ArmSummary.wilson(0, 20);
        assertEquals(0.0, none[0]);
        assertEquals(0.1611, none[1], 1e-4);
    }

    @Test
    void overthinkingAdjustedAccuracyPenalisesThinkingOnSimpleItems() {
        List<ItemResult> simple = new ArrayList<>(List.of(r("a", "1", true, 0, 5, null),
                r("a", "3", true, 500, 505, null), r("a", "5", false, 0, 5, null),
                r("a", "7", true, 2000, 2005, null)));
        double auc = ArmSummary.overthinkingAuc(simple);
        assertEquals((1.0 + 500.0 / 1000) / 4, auc, 1e-9, "full credit without thinking, half at 500, none past 1000");
        ArmSummary s = ArmSummary.of("a", List.of(r("a", "1", true, 0, 5, null), r("a", "2", true, 900, 905, null),
                r("a", "4", false, 10, 15, null)), items("1", "2", "3", "4"));
        assertEquals(1.0, s.simpleAuc(), 1e-9);
        assertEquals(0.5, s.hardAccuracy());
        assertEquals(2 * 1.0 * 0.5 / 1.5, s.otbF1(), 1e-9);
    }

    @Test
    void theOracleIsTheCheapestCorrectArmPerItem() {
        List<Arm> arms = List.of(Arm.parse("no_think"), Arm.parse("budget:64"), Arm.parse("auto"));
        List<ItemResult> results = List.of(
                r("no_think", "1", true, 0, 5, null), r("budget:64", "1", true, 60, 70, null),
                r("auto", "1", true, 0, 5, "no_think"),
                r("no_think", "2", false, 0, 5, null), r("budget:64", "2", true, 60, 70, null),
                r("auto", "2", false, 0, 6, "no_think"),
                r("no_think", "3", false, 0, 5, null), r("budget:64", "3", false, 64, 80, null),
                r("auto", "3", true, 64, 90, "think"));
        Oracle o = Oracle.of(arms.get(2), arms, results).orElseThrow();
        assertEquals(3, o.items());
        assertEquals(2, o.solvable());
        assertEquals(1, o.agreed(), "item 1: no_think was cheapest and auto chose it; item 2: it needed thinking");
        assertEquals((5 + 70 + 5) / 3.0, o.oracleTokens(), 1e-9);
        assertEquals((5 + 6 + 90) / 3.0, o.autoTokens(), 1e-9);
        ArmSummary auto = ArmSummary.of("auto", results.stream().filter(x -> x.arm().equals("auto")).toList(),
                items("1", "2", "3"));
        assertEquals(Map.of("no_think", 2, "think", 1), auto.chosen());
    }

    @Test
    void armsAreParsedWithTheirFields() {
        assertEquals("{\"thinkgate\":{\"mode\":\"think\",\"budget_tokens\":256}}",
                Arm.parse("budget:256").fields().toString());
        assertEquals("{\"thinkgate\":{\"mode\":\"auto\",\"auto\":{\"strategy\":\"probe\"}}}",
                Arm.parse("auto:probe").fields().toString());
        Arm raw = Arm.parse("low={\"reasoning_effort\":\"low\"}");
        assertEquals("low", raw.name());
        assertEquals("", raw.mode());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Arm.parse("ponder")).getMessage().contains("budget:N"));
    }
}
