package io.thinkgate.reasoning.policy;

import io.thinkgate.reasoning.control.ThinkingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The heuristic with the shipped weights and thresholds (application defaults), on prompts of every kind. */
class HeuristicEstimatorTest {

    static final HeuristicEstimator ESTIMATOR = new HeuristicEstimator(
            new HeuristicEstimator.Weights(0.25, 0.45, 0.5, 0.35, 0.3));
    static final AutoPolicy POLICY = new AutoPolicy(new AutoPolicy.Settings(0.2, 0.35, 256, 4096, 1.0));

    static AutoPolicy.Choice decide(String prompt) {
        return POLICY.choose(ESTIMATOR.estimate(prompt), Optional.empty(), OptionalInt.empty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // greetings and small talk
            "Hi|no_think",
            "Hello there!|no_think",
            "Thanks a lot|no_think",
            "good morning, how are you?|no_think",
            // one-step facts and simple tasks
            "What is the capital of France?|no_think",
            "Who wrote Hamlet?|no_think",
            "Translate 'good morning' to German.|no_think",
            "Tell me a joke|no_think",
            "Summarize the plot of Romeo and Juliet in two sentences.|no_think",
            // arithmetic: trivial sums answer at once, long products think
            "What is 2+2?|no_think",
            "Compute 123456 * 789.|think",
            "If x + 3 = 10, what is x?|think",
            "Solve the system 2x + 3y = 7 and x - y = 1.|think",
            // multi-step word problems
            "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?|think",
            "A train leaves at 3 pm going 60 km/h; a second leaves an hour later at 80 km/h. When does the second catch up?|think",
            // code
            "Write a Python function that returns the n-th Fibonacci number using memoization.|think",
            "Fix the bug in this code: `for (int i = 0; i <= n; i++) { sum += a[i]; }`|think",
            // asks to reason
            "Prove that the square root of 2 is irrational.|think",
            "Explain the tradeoffs between B-trees and LSM trees for a write-heavy workload, and design a storage engine for time series data.|think",
    })
    void decisions(String prompt, String expected) {
        Difficulty difficulty = ESTIMATOR.estimate(prompt);
        assertEquals(expected, decide(prompt).mode().wireName(),
                () -> "difficulty " + difficulty.score() + " (" + difficulty.reason() + ") for: " + prompt);
    }

    @Test
    void harderProblemsGetLargerBudgets() {
        int sum = decide("If x + 3 = 10, what is x?").budgetTokens().getAsInt();
        int word = decide("Natalia sold clips to 48 of her friends in April, and then she sold half as many clips "
                + "in May. How many clips did Natalia sell altogether in April and May?").budgetTokens().getAsInt();
        int code = decide("Fix the bug in this code: `for (int i = 0; i <= n; i++) { sum += a[i]; }`")
                .budgetTokens().getAsInt();
        assertTrue(256 <= sum && sum < word && word < code && code <= 4096, sum + " " + word + " " + code);
    }

    @Test
    void theReasonNamesTheSignals() {
        String reason = ESTIMATOR.estimate("If each of 3 boxes holds 12 apples and 5 are eaten, how many are left?")
                .reason();
        assertTrue(reason.contains("3 numbers") && reason.contains("multi-step cues"), reason);
        assertEquals("greeting or small talk", ESTIMATOR.estimate("hey!").reason());
        assertTrue(ESTIMATOR.estimate("Why does ice float? Explain.").reason().contains("asks to reason (2)"));
        assertTrue(ESTIMATOR.estimate("Refactor this Java class").reason().contains("code cues"));
    }

    @Test
    void proseDashesAndSlashesAreNotOperators() {
        assertTrue(ESTIMATOR.estimate("The well-known km/h and/or the so-called e-mail").reason()
                .indexOf("operator") < 0, ESTIMATOR.estimate("The well-known km/h and/or e-mail").reason());
        assertTrue(ESTIMATOR.estimate("3 - 2").reason().contains("1 operator"));
        assertTrue(ESTIMATOR.estimate("x - y = 2").reason().contains("2 operators"));
    }

    @Test
    void decimalsAndThousandsAreOneNumber() {
        assertTrue(ESTIMATOR.estimate("Add 3.75 and 1,250").reason().contains("2 numbers"),
                ESTIMATOR.estimate("Add 3.75 and 1,250").reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "?!", "…", "🙂", "\n\n"})
    void emptyOrWordlessMessagesAreEasy(String message) {
        assertEquals(0, ESTIMATOR.estimate(message).score());
    }

    @Test
    void scoresStayWithinZeroAndOne() {
        String everything = "Prove why this Python function's complexity is optimal: `def f(x): return x * 2 + 3` "
                .repeat(200) + " then how many steps in total? 12345678901234567890 + 98765432109876543210 = ?";
        double score = ESTIMATOR.estimate(everything).score();
        assertTrue(score > 0.9 && score <= 1, "score " + score);
        assertEquals(ThinkingMode.THINK, decide(everything).mode());
        assertEquals(4096, decide(everything).budgetTokens().getAsInt());
    }
}
