package io.llmrouter.core.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.failure.Backoff;
import io.llmrouter.core.failure.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Plans made from a fixed price order ({@link PriceOrder}: the first endpoint known at once, the rest built on
 * failover) hand out exactly what a plan priced and sorted for the request hands out. The reference is that
 * request-by-request planning, written here from its definition: candidates serving the model under the ceiling,
 * stable-sorted by estimated cost, each run of equal costs rotated left by one shared counter taken once per plan
 * that has such a run.
 */
class LazyPlanTest {

    private static final Key KEY = new Key(Protocol.OPENAI, "https://api.openai.com", "sk-test");
    private static final double[] PRICES = {0, 0.5, 1, 2};
    private final ManualTicker ticker = new ManualTicker();

    private static Endpoint ep(String name, double in, double out, String... models) {
        return new Endpoint(name, KEY, null, Set.of(models), in, out,
                new CircuitBreakerConfig(1000, Duration.ofSeconds(60)));
    }

    private EndpointPool pool(int maxAttempts, List<Endpoint> endpoints) {
        return new EndpointPool(endpoints, maxAttempts, ticker,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), bound -> bound));
    }

    /** The endpoints a plan hands out, none of them reported, until it has none or offers one a second time. */
    private static List<String> handedOut(AttemptPlan plan) {
        List<String> names = new ArrayList<>();
        for (PooledEndpoint e = plan.next(); e != null && !names.contains(e.name()); e = plan.next()) {
            names.add(e.name());
        }
        return names;
    }

    /** The reference order; {@code turns[0]} is the shared rotation counter, advanced when the order has a tie. */
    private static List<String> reference(List<Endpoint> endpoints, String model, long in, Integer maxTokens,
                                          double ceiling, long[] turns) {
        long out = maxTokens != null && maxTokens > 0 ? maxTokens : EndpointPool.DEFAULT_EXPECTED_OUTPUT_TOKENS;
        List<Endpoint> order = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (e.serves(model) && (Double.isNaN(ceiling) || e.inputPrice() <= ceiling)) {
                order.add(e);
            }
        }
        order.sort((a, b) -> Double.compare(a.cost(Math.max(0, in), out), b.cost(Math.max(0, in), out)));
        List<String> names = new ArrayList<>();
        long turn = -1;
        for (int start = 0; start < order.size();) {
            int end = start + 1;
            double cost = order.get(start).cost(Math.max(0, in), out);
            while (end < order.size() && order.get(end).cost(Math.max(0, in), out) == cost) {
                end++;
            }
            int k = end - start;
            if (k > 1 && turn < 0) {
                turn = turns[0]++;
            }
            for (int j = 0; j < k; j++) {
                names.add(order.get(start + (int) ((j + Math.max(0, turn)) % k)).name());
            }
            start = end;
        }
        return names;
    }

    @Test
    void everyPlanHandsOutTheReferenceOrder() {
        Random random = new Random(24);
        int fixedPools = 0;
        for (int trial = 0; trial < 400; trial++) {
            List<Endpoint> endpoints = new ArrayList<>();
            int n = 1 + random.nextInt(7);
            for (int i = 0; i < n; i++) {
                double in = PRICES[random.nextInt(PRICES.length)];
                double out = random.nextInt(3) == 0 ? in * 2 : PRICES[random.nextInt(PRICES.length)];
                endpoints.add(random.nextInt(4) == 0 ? ep("e" + i, in, out, "other") : ep("e" + i, in, out));
            }
            EndpointPool pool = pool(n, endpoints);
            PooledEndpoint[] serving = pool.endpoints().stream().filter(p -> p.endpoint().serves("m"))
                    .toArray(PooledEndpoint[]::new);
            if (serving.length > 0 && PriceOrder.of(serving) != null) {
                fixedPools++;
            }
            long[] turns = {0};
            for (int plan = 0; plan < 12; plan++) {
                long in = new long[] {0, 1, 100, 5_000}[random.nextInt(4)];
                Integer maxTokens = new Integer[] {null, 1, 50, 4_000}[random.nextInt(4)];
                double ceiling = random.nextBoolean() ? Double.NaN : PRICES[random.nextInt(PRICES.length)];
                List<String> expected = reference(endpoints, "m", in, maxTokens, ceiling, turns);
                String what = endpoints + " in=" + in + " max_tokens=" + maxTokens + " ceiling=" + ceiling;
                if (expected.isEmpty()) {
                    assertThrows(RouterException.class, () -> pool.plan("m", in, maxTokens, ceiling), what);
                    continue;
                }
                AttemptPlan planned = pool.plan("m", in, maxTokens, ceiling);
                assertEquals(expected, handedOut(planned), what);
                assertEquals(expected.size(), planned.candidates(), what);
            }
        }
        assertEquals(true, fixedPools > 100, "the trials cover fixed orders: " + fixedPools);
    }

    @Test
    void aFixedOrderIsKeptOnlyWhenNoTwoCandidatesCross() {
        EndpointPool dominated = pool(3, List.of(ep("a", 2, 2), ep("b", 1, 2), ep("c", 1, 1), ep("d", 3, 9)));
        EndpointPool crossing = pool(3, List.of(ep("a", 1, 3), ep("b", 2, 2)));
        assertNotNull(PriceOrder.of(dominated.endpoints().toArray(PooledEndpoint[]::new)));
        assertNull(PriceOrder.of(crossing.endpoints().toArray(PooledEndpoint[]::new)),
                "cheaper input against cheaper output: the request's sizes decide");
        assertEquals(List.of("c", "b", "a"), handedOut(dominated.plan("m", 10, null)));
    }

    @Test
    void failoverAfterTheFirstAttemptFollowsTheRestOfTheOrder() {
        EndpointPool pool = pool(4, List.of(ep("x", 1, 1), ep("y", 1, 1), ep("dear", 5, 5), ep("mid", 2, 2)));
        AttemptPlan plan = pool.plan("m", 100, null);
        assertEquals("x", plan.next().name());
        plan.report(Outcome.retryable("status 503"));
        assertEquals("y", plan.next().name());
        plan.report(Outcome.retryable("status 503"));
        assertEquals("mid", plan.next().name());
        plan.report(Outcome.retryable("status 503"));
        assertEquals("dear", plan.next().name());
        plan.report(Outcome.retryable("status 503"));
        assertNull(plan.next());
        assertEquals(Exhaustion.ATTEMPTS_EXHAUSTED, plan.why());

        AttemptPlan rotated = pool.plan("m", 100, null);
        assertEquals(List.of("y", "x", "mid", "dear"), handedOut(rotated), "the next plan leads with the other twin");
    }

    @Test
    void aFirstEndpointCoolingOrBenchedIsSkippedAsInTheWholeOrder() {
        EndpointPool pool = pool(3, List.of(ep("cheap", 1, 1), ep("mid", 2, 2), ep("dear", 3, 3)));
        PooledEndpoint cheap = pool.endpoints().get(0);
        cheap.coolDown(1_000);
        AttemptPlan cooling = pool.plan("m", 100, null);
        assertEquals(List.of("mid", "dear"), handedOut(cooling));
        ticker.advance(Duration.ofSeconds(2));
        cheap.breaker().forceOpen();
        AttemptPlan benched = pool.plan("m", 100, null);
        assertEquals("mid", benched.next().name());
        assertEquals(1, benched.attempts());
        ticker.advance(Duration.ofSeconds(61));
        assertEquals("cheap", pool.plan("m", 100, null).next().name(), "the recovered endpoint leads again");
    }

    @Test
    void aLoneFixedCandidateIsRetriedAfterAConnectionFailure() {
        EndpointPool pool = pool(2, List.of(ep("only", 1, 1)));
        AttemptPlan plan = pool.plan("m", 100, null);
        assertEquals("only", plan.next().name());
        plan.report(Outcome.unreachable("connection refused"));
        assertEquals("only", plan.next().name());
        assertEquals(100, plan.backoffMillis());
    }

    @Test
    void aCeilingBelowEveryFixedPriceFindsNoEndpoint() {
        EndpointPool pool = pool(3, List.of(ep("a", 1, 1), ep("b", 2, 2)));
        assertThrows(RouterException.class, () -> pool.plan("m", 100, null, 0.5));
        assertEquals(List.of("a"), handedOut(pool.plan("m", 100, null, 1.5)));
        assertEquals((100 + 256) / 1000.0,
                pool.plan("m", 100, null, 1.5).estimatedCost(100, null), 1e-12);
    }
}
