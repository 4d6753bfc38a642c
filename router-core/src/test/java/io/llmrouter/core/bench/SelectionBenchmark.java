package io.llmrouter.core.bench;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.selection.AttemptPlan;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.selection.PooledEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Price-first selection from a 10-endpoint pool: plan the attempts and take the first endpoint. Two pools: one whose
 * endpoints pass the caller's model through (a breaker per model) and one whose endpoints name their upstream model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectionBenchmark {

    /** The request's max_tokens, boxed once: a request carries it boxed, and boxing 512 here would allocate. */
    private static final Integer MAX_TOKENS = 512;

    private EndpointPool pool;
    private EndpointPool configured;

    /**
     * Ten endpoints with distinct prices except one equally priced pair, all serving any model; the same ten with a
     * configured upstream model, serving {@code gpt-4o}.
     */
    @Setup
    public void setUp() {
        pool = new EndpointPool(endpoints(null, Set.of()), 3, Ticker.SYSTEM);
        configured = new EndpointPool(endpoints("gpt-4o-2024-08-06", Set.of("gpt-4o")), 3, Ticker.SYSTEM);
    }

    private static List<Endpoint> endpoints(String model, Set<String> models) {
        Key key = new Key(Protocol.OPENAI, "https://api.openai.com", "sk-bench");
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double price = i == 9 ? 0.5 : 0.5 + i * 0.25;
            endpoints.add(new Endpoint("ep" + i, key, model, models, price, price * 3,
                    new CircuitBreakerConfig(3, Duration.ofSeconds(60))));
        }
        return endpoints;
    }

    /** One request's selection, single-threaded. */
    @Benchmark
    public PooledEndpoint planAndFirst() {
        AttemptPlan plan = pool.plan("gpt-4o", 1200, MAX_TOKENS);
        return plan.next();
    }

    /** The same from two threads at once, sharing the pool (rotation counter, breakers, cooldowns). */
    @Benchmark
    @Threads(2)
    public PooledEndpoint planAndFirstTwoThreads() {
        AttemptPlan plan = pool.plan("gpt-4o", 1200, MAX_TOKENS);
        return plan.next();
    }

    /** One request's selection on the pool whose endpoints name their upstream model. */
    @Benchmark
    public PooledEndpoint planAndFirstConfiguredModel() {
        AttemptPlan plan = configured.plan("gpt-4o", 1200, MAX_TOKENS);
        return plan.next();
    }

    /**
     * A call downgraded past a budget's soft limit: only the endpoints priced at most USD 1.00 per 1K input tokens
     * (three of the ten) are planned.
     */
    @Benchmark
    public PooledEndpoint planAndFirstDowngraded() {
        AttemptPlan plan = pool.plan("gpt-4o", 1200, MAX_TOKENS, 1.0);
        return plan.next();
    }
}
