package io.thinkgate.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Self-made problems with known answers, at five grades, so that a run needs no download: 1 one addition, 2 a few
 * operations with precedence, 3 a two-step word problem, 4 counting letters in a word list, 5 ordering people from
 * pairwise facts. The same seed gives the same problems. Every answer is a whole number, checked numerically.
 */
public final class Generator {

    private static final String[] NAMES = {"Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus"};
    private static final String[] WORDS = {"banana", "strawberry", "parallel", "mississippi", "committee", "bookkeeper",
        "assessment", "balloon"};
    private static final String[] KINDS = {"", "addition", "precedence", "word problem", "counting", "ordering"};

    private Generator() {
    }

    public static List<Item> generate(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("a generated dataset has at least 1 item, got " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int grade = i % 5 + 1;
            String[] qa = switch (grade) {
                case 1 -> addition(random);
                case 2 -> precedence(random);
                case 3 -> wordProblem(random);
                case 4 -> counting(random);
                default -> ordering(random);
            };
            items.add(new Item("g" + seed + "-" + (i + 1), qa[0] + " Give the final answer as a number.", qa[1],
                    Checker.NUMERIC, KINDS[grade], grade));
        }
        return items;
    }

    private static String[] addition(SplittableRandom r) {
        int a = r.nextInt(2, 50);
        int b = r.nextInt(2, 50);
        return new String[] {"What is " + a + " + " + b + "?", String.valueOf(a + b)};
    }

    private static String[] precedence(SplittableRandom r) {
        int a = r.nextInt(2, 20);
        int b = r.nextInt(2, 12);
        int c = r.nextInt(2, 12);
        int d = r.nextInt(1, 30);
        return new String[] {"Compute " + a + " + " + b + " * " + c + " - " + d + ".",
            String.valueOf(a + b * c - d)};
    }

    private static String[] wordProblem(SplittableRandom r) {
        String name = NAMES[r.nextInt(NAMES.length)];
        int boxes = r.nextInt(3, 12);
        int per = r.nextInt(4, 20);
        int given = r.nextInt(1, boxes * per / 2);
        return new String[] {name + " buys " + boxes + " boxes of " + per + " pencils each, then gives away "
            + given + " pencils. How many pencils does " + name + " have left?",
            String.valueOf(boxes * per - given)};
    }

    private static String[] counting(SplittableRandom r) {
        String word = WORDS[r.nextInt(WORDS.length)];
        String other = WORDS[r.nextInt(WORDS.length)];
        char letter = word.charAt(r.nextInt(word.length()));
        long count = (word + other).chars().filter(c -> c == letter).count();
        return new String[] {"How many times does the letter '" + letter + "' appear in the words \"" + word
            + "\" and \"" + other + "\" together?", String.valueOf(count)};
    }

    /** Heights of four people from three "taller than" facts; asks for the position of one of them, tallest = 1. */
    private static String[] ordering(SplittableRandom r) {
        List<String> people = new ArrayList<>(List.of(NAMES));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(people.remove(r.nextInt(people.size())));
        }
        StringBuilder facts = new StringBuilder();
        int[] pairs = {2, 0, 1};
        for (int p : pairs) {
            facts.append(order.get(p)).append(" is taller than ").append(order.get(p + 1)).append(". ");
        }
        int asked = r.nextInt(4);
        return new String[] {facts + "Counting the tallest as 1, what is " + order.get(asked)
            + "'s position by height?", String.valueOf(asked + 1)};
    }
}
