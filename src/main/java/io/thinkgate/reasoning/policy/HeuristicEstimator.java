package io.thinkgate.reasoning.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code heuristic} strategy: a difficulty read from the last user message in one pass, with no model call.
 * Each signal is scaled to [0,1] and weighted; a message of greetings and small talk only is 0 outright.
 */
public final class HeuristicEstimator {

    /** How much each signal adds to the difficulty at its strongest. */
    public record Weights(double length, double math, double code, double steps, double reasoning) {
    }

    private static final Set<String> SMALL_TALK = Set.of("hi", "hello", "hey", "hiya", "yo", "thanks", "thank",
            "you", "bye", "goodbye", "good", "morning", "afternoon", "evening", "night", "ok", "okay", "cool",
            "great", "nice", "yes", "no", "please", "sure", "how", "are", "is", "it", "going", "there", "all",
            "much", "lot", "so", "very", "welcome", "cheers");
    private static final Set<String> MATH_WORDS = Set.of("sum", "product", "solve", "equation", "equations",
            "integral", "derivative", "probability", "prove", "theorem", "percent", "percentage", "average", "mean",
            "ratio", "remainder", "divisible", "prime", "primes", "factor", "factors", "sqrt", "root", "square",
            "cube", "log", "logarithm", "matrix", "vector", "polynomial", "limit", "fraction", "modulo", "minimum",
            "maximum", "expected", "combinations", "permutations", "triangle", "circle", "area", "volume");
    private static final Set<String> STEP_WORDS = Set.of("then", "after", "afterwards", "first", "second", "third",
            "next", "finally", "each", "every", "total", "remaining", "left", "per", "twice", "half", "more",
            "fewer", "less", "if", "until", "before", "altogether", "respectively");
    private static final Set<String> CODE_WORDS = Set.of("code", "function", "class", "def", "implement", "compile",
            "bug", "debug", "regex", "sql", "python", "java", "javascript", "typescript", "rust", "algorithm",
            "script", "refactor", "api", "json", "recursion", "complexity", "test", "tests", "exception");
    private static final Set<String> REASONING_WORDS = Set.of("why", "prove", "explain", "derive", "compare",
            "analyze", "analyse", "design", "justify", "evaluate", "optimize", "optimise", "plan", "tradeoffs",
            "reason", "strategy", "puzzle", "riddle", "deduce", "infer");

    private final Weights weights;

    public HeuristicEstimator(Weights weights) {
        this.weights = weights;
    }

    public Difficulty estimate(String message) {
        Signals s = Signals.of(message);
        if (s.numbers == 0 && s.words == 0) {
            return new Difficulty(0, "no words or numbers to weigh");
        }
        if (s.numbers == 0 && s.words <= 6 && s.smallTalkOnly) {
            return new Difficulty(0, "greeting or small talk");
        }
        double length = Math.min(1, log2(1 + message.length() / 80.0) / 5);
        // Digits more than numbers: 2+2 is trivial, 123456*789 is not.
        double math = Math.min(1, Math.max(0, s.digits - 1) / 10.0 + Math.max(0, s.numbers - 2) / 6.0
                + s.operators * 0.1 + s.mathWords * 0.25);
        double code = Math.min(1, s.codeWords * 0.3 + s.codeMarks * 0.15);
        double steps = Math.min(1, s.stepWords * 0.2 + s.stepPhrases * 0.4);
        double reasoning = Math.min(1, s.reasoningWords * 0.4);
        double score = Math.min(1, weights.length() * length + weights.math() * math + weights.code() * code
                + weights.steps() * steps + weights.reasoning() * reasoning);
        return new Difficulty(score, reason(s, message.length()));
    }

    private static String reason(Signals s, int chars) {
        List<String> parts = new ArrayList<>();
        parts.add(chars + " characters");
        if (s.numbers > 0) {
            parts.add(s.numbers + (s.numbers == 1 ? " number" : " numbers"));
        }
        if (s.operators > 0) {
            parts.add(s.operators + (s.operators == 1 ? " operator" : " operators"));
        }
        if (s.mathWords > 0) {
            parts.add(s.mathWords + " math terms");
        }
        if (s.codeWords + s.codeMarks > 0) {
            parts.add("code cues");
        }
        if (s.stepWords + s.stepPhrases > 0) {
            parts.add(s.stepWords + s.stepPhrases + " multi-step cues");
        }
        if (s.reasoningWords > 0) {
            parts.add("asks to reason (" + s.reasoningWords + ")");
        }
        return String.join(", ", parts);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** Counts over one pass of the message, with no allocation per word. */
    private static final class Signals {
        int words;
        boolean smallTalkOnly = true;
        int numbers;
        int digits;
        int operators;
        int mathWords;
        int codeWords;
        int codeMarks;
        int stepWords;
        int stepPhrases;
        int reasoningWords;
        private int previousPhraseWord;

        static Signals of(String text) {
            Signals s = new Signals();
            char[] word = new char[WordTable.LONGEST];
            int length = 0;
            int hash = 0;
            boolean inNumber = false;
            char previous = ' ';
            int lastWordLength = 0;
            int n = text.length();
            for (int i = 0; i <= n; i++) {
                char c = i < n ? text.charAt(i) : ' ';
                int kind = kind(c);
                if (kind == DIGIT) {
                    s.digits++;
                    if (!inNumber) {
                        s.numbers++;
                    }
                    inNumber = true;
                } else if (!(inNumber && (c == '.' || c == ',') && i + 1 < n && kind(text.charAt(i + 1)) == DIGIT)) {
                    inNumber = false;
                }
                if (kind == LETTER) {
                    char lower = c < 128 ? (char) (c | 0x20) : Character.toLowerCase(c);
                    if (length < word.length) {
                        word[length] = lower;
                    }
                    hash = 31 * hash + lower;
                    length++;
                } else if (c != '\'') {
                    if (length > 0) {
                        lastWordLength = length;
                        s.word(length <= word.length ? TABLE.lookup(word, length, hash) : 0);
                        length = 0;
                        hash = 0;
                    }
                    if (kind >= OPERATOR) {
                        s.mark(c, kind, previous, lastWordLength, i > 0 && kind(text.charAt(i - 1)) == SPACE);
                    }
                }
                if (kind != SPACE) {
                    previous = c;
                }
            }
            return s;
        }

        private static final int OTHER = 0;
        private static final int LETTER = 1;
        private static final int DIGIT = 2;
        private static final int SPACE = 3;
        /** An operator when it follows an operand: + - * / ^ < > %. */
        private static final int OPERATOR = 4;
        /** Always an operator: = × ÷. */
        private static final int RELATION = 5;
        /** Braces and backticks. */
        private static final int CODE_MARK = 6;
        private static final byte[] ASCII = new byte[128];

        static {
            for (char c = 0; c < 128; c++) {
                ASCII[c] = (byte) (Character.isLetter(c) ? LETTER : Character.isDigit(c) ? DIGIT
                        : Character.isWhitespace(c) ? SPACE : "+-*/^<>%".indexOf(c) >= 0 ? OPERATOR
                        : c == '=' ? RELATION : "{}`".indexOf(c) >= 0 ? CODE_MARK : OTHER);
            }
        }

        /** A table for ASCII, where nearly every character of a prompt is; Character's rules beyond it. */
        private static int kind(char c) {
            if (c < 128) {
                return ASCII[c];
            }
            return c == '×' || c == '÷' ? RELATION : Character.isLetter(c) ? LETTER : Character.isDigit(c) ? DIGIT
                    : Character.isWhitespace(c) ? SPACE : OTHER;
        }

        private void word(int entry) {
            words++;
            smallTalkOnly &= (entry & WordTable.SMALL) != 0;
            mathWords += (entry & WordTable.MATH) != 0 ? 1 : 0;
            stepWords += (entry & WordTable.STEP) != 0 ? 1 : 0;
            codeWords += (entry & WordTable.CODE) != 0 ? 1 : 0;
            reasoningWords += (entry & WordTable.REASON) != 0 ? 1 : 0;
            int phraseWord = entry >>> WordTable.PHRASE_SHIFT;
            if (previousPhraseWord != 0 && phraseWord != 0 && WordTable.isPhrase(previousPhraseWord, phraseWord)) {
                stepPhrases++;
            }
            previousPhraseWord = phraseWord;
        }

        /**
         * An operator counts after a number, a closing bracket or a one-letter variable, so that prose dashes and
         * slashes do not ("e-mail" is a word, "x - y" a difference); {@code =}, {@code ×} and {@code ÷} always count.
         */
        private void mark(char c, int kind, char previous, int lastWordLength, boolean spaced) {
            if (kind == CODE_MARK) {
                codeMarks++;
            } else if (kind == RELATION) {
                operators++;
            } else {
                boolean variable = kind(previous) == LETTER && lastWordLength == 1 && (c != '-' || spaced);
                if (kind(previous) == DIGIT || previous == ')' || variable) {
                    operators++;
                }
            }
        }
    }

    private static final WordTable TABLE = new WordTable();

    /**
     * The cue words, looked up from a char buffer without making a String of every word: open addressing over
     * String's own hash. Each entry holds category bits and, above them, the word's place in a cue phrase.
     */
    private static final class WordTable {
        static final int LONGEST = 16;
        static final int SMALL = 1;
        static final int MATH = 2;
        static final int STEP = 4;
        static final int CODE = 8;
        static final int REASON = 16;
        static final int PHRASE_SHIFT = 8;
        /** Cue phrases as pairs of phrase words: how many, how much, how long, what if, in total, at least/most, by step. */
        private static final List<String> PHRASE_WORDS = List.of("", "how", "what", "in", "at", "by", "many", "much",
                "long", "if", "total", "least", "most", "step");
        private static final int[][] PHRASES = {{1, 6}, {1, 7}, {1, 8}, {2, 9}, {3, 10}, {4, 11}, {4, 12}, {5, 13}};

        private final char[][] keys;
        private final int[] values;
        private final int mask;

        WordTable() {
            Map<String, Integer> entries = new HashMap<>();
            SMALL_TALK.forEach(w -> entries.merge(w, SMALL, (a, b) -> a | b));
            MATH_WORDS.forEach(w -> entries.merge(w, MATH, (a, b) -> a | b));
            STEP_WORDS.forEach(w -> entries.merge(w, STEP, (a, b) -> a | b));
            CODE_WORDS.forEach(w -> entries.merge(w, CODE, (a, b) -> a | b));
            REASONING_WORDS.forEach(w -> entries.merge(w, REASON, (a, b) -> a | b));
            for (int i = 1; i < PHRASE_WORDS.size(); i++) {
                entries.merge(PHRASE_WORDS.get(i), i << PHRASE_SHIFT, (a, b) -> a | b);
            }
            int size = Integer.highestOneBit(entries.size() * 4);
            keys = new char[size][];
            values = new int[size];
            mask = size - 1;
            entries.forEach((word, value) -> {
                if (word.length() > LONGEST) {
                    throw new IllegalStateException("cue word longer than " + LONGEST + ": " + word);
                }
                int slot = spread(word.hashCode()) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = word.toCharArray();
                values[slot] = value;
            });
        }

        /** @param hash the word's {@link String#hashCode()} */
        int lookup(char[] word, int length, int hash) {
            for (int slot = spread(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
                if (Arrays.equals(keys[slot], 0, keys[slot].length, word, 0, length)) {
                    return values[slot];
                }
            }
            return 0;
        }

        static boolean isPhrase(int first, int second) {
            for (int[] phrase : PHRASES) {
                if (phrase[0] == first && phrase[1] == second) {
                    return true;
                }
            }
            return false;
        }

        private static int spread(int hash) {
            return hash ^ (hash >>> 16);
        }
    }
}
