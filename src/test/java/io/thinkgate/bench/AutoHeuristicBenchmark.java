package io.thinkgate.bench;

import io.thinkgate.reasoning.policy.AutoPolicy;
import io.thinkgate.reasoning.policy.HeuristicEstimator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Issue 9: what the heuristic auto decision costs per request, on a last user message of about 2,000 tokens
 * (8,000 characters of mixed prose, numbers and code) and on a short one. Goal: p99 under 50 µs. Not a test:
 * JMH prints the percentiles.
 *
 * <p>Run (see loadtests/README.md): {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.openjdk.jmh.Main -Dexec.args="AutoHeuristicBenchmark"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AutoHeuristicBenchmark {

    private static final String PARAGRAPH = "A warehouse ships 1,250 boxes on Monday and then twice as many on "
            + "Tuesday; each box weighs 3.5 kg. Explain why the total weight, in tonnes, is what it is, and write a "
            + "Python function `def total(boxes): return sum(b * 3.5 for b in boxes)` that checks it. ";

    @Param({"2000", "20"})
    public int tokens;

    private String message;
    private HeuristicEstimator estimator;
    private AutoPolicy policy;

    @Setup
    public void setUp() {
        StringBuilder text = new StringBuilder();
        while (text.length() < tokens * 4) {
            text.append(PARAGRAPH);
        }
        message = text.substring(0, tokens * 4);
        estimator = new HeuristicEstimator(new HeuristicEstimator.Weights(0.25, 0.45, 0.5, 0.35, 0.3));
        policy = new AutoPolicy(new AutoPolicy.Settings(0.2, 0.35, 256, 4096, 1.0));
    }

    @Benchmark
    public AutoPolicy.Choice decide() {
        return policy.choose(estimator.estimate(message), Optional.empty(), OptionalInt.of(8192));
    }
}
