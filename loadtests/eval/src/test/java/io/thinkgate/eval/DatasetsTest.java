package io.thinkgate.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetsTest {

    @Test
    void everyCommonShapeIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, List.of(
                "{\"question\":\"Tom has 3 apples and buys 2. How many?\",\"answer\":\"3 + 2 = 5\\n#### 5\"}",
                "{\"problem\":\"Simplify 2/4.\",\"answer\":\"\\\\frac{1}{2}\",\"id\":\"math-7\"}",
                "",
                "{\"question\":\"What is 1+1?\",\"answer\":\"2\",\"subset\":\"simple\"}",
                "{\"question\":\"Capital of France?\",\"answer\":\"Paris\",\"subset\":\"simple\"}",
                "{\"prompt\":\"Pick one\",\"answer\":\"C\",\"checker\":\"choice\",\"difficulty\":3}"));
        List<Item> items = Datasets.load(file.toString());
        assertEquals(5, items.size());
        assertEquals(new Item("1", "Tom has 3 apples and buys 2. How many?", "5", Checker.NUMERIC, "", 0),
                items.get(0), "GSM8K: the answer after ####");
        assertEquals(new Item("math-7", "Simplify 2/4.", "\\frac{1}{2}", Checker.BOXED, "", 0), items.get(1));
        assertEquals(Checker.NUMERIC, items.get(2).checker());
        assertEquals("simple", items.get(2).group());
        assertEquals(Checker.EXACT, items.get(3).checker(), "OptimalThinkingBench with a word answer");
        assertEquals(new Item("6", "Pick one", "C", Checker.CHOICE, "", 3), items.get(4));
        assertEquals("difficulty 3", items.get(4).group());
    }

    @Test
    void badFilesSayWhereAndWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, List.of("{\"question\":\"q\",\"answer\":\"1\"}", "{\"text\":\"x\",\"answer\":\"1\"}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(file.toString()));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'question', 'problem' or 'prompt'"),
                e.getMessage());
        Files.write(file, List.of("{\"prompt\":\"q\"}"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Datasets.load(file.toString())).getMessage()
                .contains("no 'answer'"));
        Files.write(file, List.of("{\"id\":\"a\",\"prompt\":\"q\",\"answer\":\"1\"}",
                "{\"id\":\"a\",\"prompt\":\"r\",\"answer\":\"2\"}"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Datasets.load(file.toString())).getMessage()
                .contains("the id 'a' is used twice"));
        Files.write(file, List.of("not json"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Datasets.load(file.toString())).getMessage()
                .contains("not JSON"));
    }

    @Test
    void generatedProblemsAreGradedSeededAndRight() throws Exception {
        List<Item> a = Datasets.load("generated:25:7");
        assertEquals(a, Datasets.load("generated:25:7"), "the same seed, the same problems");
        assertTrue(!a.equals(Datasets.load("generated:25:8")));
        assertEquals(25, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(i % 5 + 1, a.get(i).difficulty());
            assertEquals(Checker.NUMERIC, a.get(i).checker());
        }
        Item addition = a.get(0);
        String[] terms = addition.prompt().replace("What is ", "").replace("?", "").split(" Give")[0].split(" \\+ ");
        assertEquals(Integer.parseInt(terms[0]) + Integer.parseInt(terms[1]), Integer.parseInt(addition.answer()));
        Item counting = a.get(3);
        String letter = counting.prompt().split("'")[1];
        String words = counting.prompt().split("\"")[1] + counting.prompt().split("\"")[3];
        assertEquals(words.chars().filter(c -> c == letter.charAt(0)).count(), Long.parseLong(counting.answer()));
        assertThrows(IllegalArgumentException.class, () -> Datasets.load("generated:0"));
    }
}
