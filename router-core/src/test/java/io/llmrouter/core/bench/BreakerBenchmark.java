package io.llmrouter.core.bench;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.breaker.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Cost of reporting outcomes to a closed breaker. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BreakerBenchmark {

    private CircuitBreaker counting;
    private CircuitBreaker failing;

    /** Outcomes per invocation of {@link #markFailure}: failures in a row, then the success that resets them. */
    private static final int RUN = 16;

    /** A breaker whose threshold a run of failures never reaches, and one cycling through a failure and a reset. */
    @Setup
    public void setUp() {
        counting = new CircuitBreaker(new CircuitBreakerConfig(RUN, Duration.ofSeconds(60)), Ticker.SYSTEM);
        failing = new CircuitBreaker(new CircuitBreakerConfig(3, Duration.ofSeconds(60)), Ticker.SYSTEM);
    }

    /**
     * A failure on a closed breaker below its threshold: one CAS installing the next count. Measured per outcome over
     * runs of fifteen failures and the success that resets the count, so that every invocation starts from the same
     * state: a breaker counting failures forever would leave the counts kept ready and, at its threshold, open, and
     * the figure would drift with the length of the run.
     */
    @Benchmark
    @OperationsPerInvocation(RUN)
    public void markFailure() {
        for (int i = 1; i < RUN; i++) {
            counting.markFailure();
        }
        counting.markSuccess();
    }

    /** A success on a clean closed breaker: one volatile read, no write (the common case). */
    @Benchmark
    public void markSuccess() {
        failing.markSuccess();
    }

    /** A failure followed by the success that resets it: two CASes. */
    @Benchmark
    public void markFailureThenSuccess() {
        failing.markFailure();
        failing.markSuccess();
    }

    /** Admission check on a closed breaker. */
    @Benchmark
    public boolean tryAcquire() {
        return failing.tryAcquire();
    }
}
