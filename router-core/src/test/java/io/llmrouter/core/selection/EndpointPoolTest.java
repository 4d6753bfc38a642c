package io.llmrouter.core.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.breaker.CircuitBreaker.State;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.breaker.Permit;
import io.llmrouter.core.failure.Backoff;
import io.llmrouter.core.failure.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointPoolTest {

    private static final Key KEY = new Key(Protocol.OPENAI, "https://api.openai.com", "sk-test");
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private final ManualTicker ticker = new ManualTicker();

    static Endpoint ep(String name, double in, double out, String... models) {
        return new Endpoint(name, KEY, null, Set.of(models), in, out, new CircuitBreakerConfig(3, RECOVERY));
    }

    private EndpointPool pool(int maxAttempts, Endpoint... endpoints) {
        // Backoff "random" returns the window itself so delays are predictable.
        return new EndpointPool(List.of(endpoints), maxAttempts, ticker,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), bound -> bound));
    }

    private static List<String> drain(AttemptPlan plan) {
        List<String> names = new ArrayList<>();
        for (PooledEndpoint e = plan.next(); e != null; e = plan.next()) {
            names.add(e.name());
            plan.report(Outcome.retryable("status 503"));
        }
        return names;
    }

    @Test
    void cheapestFirstThenFailoverInPriceOrder() {
        EndpointPool pool = pool(3, ep("mid", 2, 2), ep("cheap", 1, 1), ep("dear", 3, 3));
        assertEquals(List.of("cheap", "mid", "dear"), drain(pool.plan("gpt-4o", 100, null)));
    }

    @Test
    void aPriceCeilingPlansOnlyTheEndpointsAtOrBelowIt() {
        EndpointPool pool = pool(3, ep("mid", 2, 2, "m"), ep("cheap", 1, 5, "m"), ep("dear", 3, 3, "m"),
                ep("other", 0.5, 0.5, "n"));
        assertEquals(List.of("cheap", "mid", "cheap"), drain(pool.plan("m", 100, 1, 2.0)),
                "two candidates, the second round retries the first");
        EndpointPool fresh = pool(3, ep("mid", 2, 2, "m"), ep("cheap", 1, 5, "m"), ep("dear", 3, 3, "m"));
        EndpointPool twin = pool(3, ep("mid", 2, 2, "m"), ep("cheap", 1, 5, "m"), ep("dear", 3, 3, "m"));
        assertEquals(drain(fresh.plan("m", 100, 10_000)), drain(twin.plan("m", 100, 10_000, 3.0)),
                "a ceiling at the highest price restricts nothing: the plan is by cost as without one");
        assertEquals("mid", pool.plan("m", 100, 10_000, Double.NaN).next().name());
        assertEquals(1.0, pool.cheapestInputPrice("m"));
        assertEquals(0.5, pool.cheapestInputPrice("n"));
        assertEquals(Double.POSITIVE_INFINITY, pool.cheapestInputPrice("unknown"));
        assertThrows(RouterException.class, () -> pool.plan("m", 100, null, 0.9));
    }

    @Test
    void costUsesMaxTokensForOutput() {
        // inputHeavy: 10*in + 1*out ; outputHeavy: 1*in + 10*out.
        EndpointPool pool = pool(1, ep("inputHeavy", 10, 1), ep("outputHeavy", 1, 10));
        assertEquals("outputHeavy", pool.plan("m", 1000, 10).next().name(), "short answer: input dominates");
        assertEquals("inputHeavy", pool.plan("m", 10, 1000).next().name(), "long answer: output dominates");
        assertEquals("inputHeavy", pool.plan("m", 10, null).next().name(),
                "no max_tokens: 256 expected output tokens outweigh 10 input tokens");
        assertEquals("outputHeavy", pool.plan("m", 10_000, null).next().name());
    }

    @Test
    void equalPricesShareTheLoadExactly() {
        EndpointPool pool = pool(3, ep("a", 1, 1), ep("b", 1, 1), ep("dear", 5, 5));
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            AttemptPlan plan = pool.plan("m", 100, null);
            PooledEndpoint e = plan.next();
            first.merge(e.name(), 1, Integer::sum);
            plan.report(Outcome.success("ok"));
        }
        assertEquals(Map.of("a", 500, "b", 500), first);
    }

    @Test
    void threeWayTieRotatesAndFailsOverWithinTheGroupFirst() {
        EndpointPool pool = pool(4, ep("x", 1, 1), ep("y", 1, 1), ep("z", 1, 1), ep("dear", 9, 9));
        assertEquals(List.of("x", "y", "z", "dear"), drain(pool.plan("m", 1, 1)));
        ticker.advance(RECOVERY.multipliedBy(2));
        assertEquals(List.of("y", "z", "x", "dear"), drain(pool.plan("m", 1, 1)));
    }

    @Test
    void maxAttemptsIsRespected() {
        EndpointPool pool = pool(2, ep("a", 1, 1), ep("b", 2, 2), ep("c", 3, 3));
        AttemptPlan plan = pool.plan("m", 10, null);
        assertEquals(List.of("a", "b"), drain(plan));
        assertEquals(2, plan.attempts());
        assertEquals(Exhaustion.ATTEMPTS_EXHAUSTED, plan.why());
    }

    @Test
    void openBreakerIsSkipped() {
        EndpointPool pool = pool(3, ep("a", 1, 1), ep("b", 2, 2));
        pool.endpoints().get(0).breaker().forceOpen();
        AttemptPlan plan = pool.plan("m", 10, null);
        assertEquals("b", plan.next().name());
        assertEquals(1, plan.attempts());
    }

    @Test
    void coolingEndpointIsSkippedUntilTheCooldownEnds() {
        EndpointPool pool = pool(3, ep("a", 1, 1), ep("b", 2, 2));
        PooledEndpoint a = pool.endpoints().get(0);
        a.coolDown(1_500);
        assertTrue(a.isCooling());
        assertEquals(1_500, a.remainingCoolMillis());
        assertEquals("b", pool.plan("m", 10, null).next().name());
        ticker.advance(Duration.ofMillis(1_500));
        assertEquals(0, a.remainingCoolMillis());
        assertEquals("a", pool.plan("m", 10, null).next().name());
    }

    @Test
    void coolDownOnlyExtends() {
        PooledEndpoint a = pool(1, ep("a", 1, 1)).endpoints().get(0);
        a.coolDown(5_000);
        a.coolDown(1_000);
        assertEquals(5_000, a.remainingCoolMillis());
    }

    @Test
    void allOpenMeans503() {
        EndpointPool pool = pool(3, ep("a", 1, 1), ep("b", 2, 2));
        pool.endpoints().forEach(p -> p.breaker().forceOpen());
        AttemptPlan plan = pool.plan("m", 10, null);
        assertNull(plan.next());
        assertEquals(Exhaustion.ALL_OPEN, plan.why());
        assertEquals(0, plan.attempts());
        assertEquals(-1, plan.retryAfterMillis());
    }

    @Test
    void allCoolingMeans429WithTheShortestCooldown() {
        EndpointPool pool = pool(3, ep("a", 1, 1), ep("b", 2, 2));
        pool.endpoints().get(0).coolDown(3_000);
        pool.endpoints().get(1).coolDown(1_200);
        AttemptPlan plan = pool.plan("m", 10, null);
        assertNull(plan.next());
        assertEquals(Exhaustion.ALL_RATE_LIMITED, plan.why());
        assertEquals(1_200, plan.retryAfterMillis());
    }

    @Test
    void rateLimitedAttemptsEndAsAllRateLimited() {
        EndpointPool pool = pool(3, ep("a", 1, 1), ep("b", 2, 2));
        AttemptPlan plan = pool.plan("m", 10, null);
        plan.next();
        plan.report(Outcome.rateLimited(2_000, "status 429"));
        plan.next();
        plan.report(Outcome.rateLimited(700, "status 429"));
        assertNull(plan.next());
        assertEquals(Exhaustion.ALL_RATE_LIMITED, plan.why());
        assertEquals(700, plan.retryAfterMillis());
        assertEquals(State.CLOSED, pool.endpoints().get(0).breaker().state(), "429 is no breaker failure");
    }

    @Test
    void modelNotFound() {
        EndpointPool pool = pool(3, ep("a", 1, 1, "gpt-4o"), ep("b", 1, 1, "claude"));
        RouterException e = assertThrows(RouterException.class, () -> pool.plan("gemini", 10, null));
        assertEquals(404, e.error().status());
        assertEquals("model_not_found", e.error().code());
    }

    @Test
    void emptyModelsServesAnyModel() {
        EndpointPool pool = pool(2, ep("only-gpt", 1, 1, "gpt-4o"), ep("any", 2, 2));
        assertEquals(List.of("only-gpt", "any"), drain(pool.plan("gpt-4o", 10, null)));
        AttemptPlan other = pool.plan("anything-else", 10, null);
        assertEquals(1, other.candidates());
        assertEquals("any", other.next().name());
    }

    @Test
    void sameEndpointIsRetriedWithBackoffOnlyWhenNothingElseIsLeft() {
        EndpointPool pool = pool(4, ep("a", 1, 1), ep("b", 2, 2));
        pool.endpoints().get(1).coolDown(60_000);
        AttemptPlan plan = pool.plan("m", 10, null);
        assertEquals("a", plan.next().name());
        assertEquals(0, plan.backoffMillis());
        plan.report(Outcome.retryable("timeout"));
        assertEquals("a", plan.next().name());
        assertEquals(100, plan.backoffMillis());
        plan.report(Outcome.retryable("timeout"));
        // Third failure opens a's breaker (threshold 3): nothing admitted is left.
        assertEquals("a", plan.next().name());
        assertEquals(200, plan.backoffMillis());
        plan.report(Outcome.retryable("timeout"));
        assertNull(plan.next());
        assertEquals(3, plan.attempts());
        assertEquals(Exhaustion.ATTEMPTS_EXHAUSTED, plan.why());
    }

    @Test
    void badKeyForcesTheBreakerOpenAndFailsOver() {
        EndpointPool pool = pool(3, ep("a", 1, 1), ep("b", 2, 2));
        AttemptPlan plan = pool.plan("m", 10, null);
        plan.next();
        plan.report(Outcome.badKey("status 401"));
        assertEquals(State.OPEN, pool.endpoints().get(0).breaker().state());
        assertEquals("b", plan.next().name());
    }

    @Test
    void probeOutcomesAndCancel() {
        EndpointPool pool = pool(3, ep("a", 1, 1));
        PooledEndpoint a = pool.endpoints().get(0);
        a.breaker().forceOpen();
        ticker.advance(RECOVERY);
        AttemptPlan plan = pool.plan("m", 10, null);
        assertSame(a, plan.next());
        assertEquals(Permit.PROBE, plan.permit());
        plan.cancel();
        assertEquals(State.OPEN, a.breaker().state());

        AttemptPlan again = pool.plan("m", 10, null);
        assertSame(a, again.next(), "a cancelled probe is available again at once");
        again.report(Outcome.callerError("status 400"));
        assertEquals(State.CLOSED, a.breaker().state(), "an answered probe proves the upstream is up");
    }

    @Test
    void anUnreportedProbeIsGivenBackByTheNextCall() {
        EndpointPool pool = pool(3, ep("a", 1, 1), ep("b", 2, 2));
        PooledEndpoint a = pool.endpoints().get(0);
        a.breaker().forceOpen();
        ticker.advance(RECOVERY);
        AttemptPlan plan = pool.plan("m", 10, null);
        assertSame(a, plan.next());
        assertEquals(State.HALF_OPEN, a.breaker().state());
        assertEquals("b", plan.next().name());
        assertEquals(State.OPEN, a.breaker().state());
    }

    @Test
    void invalidPools() {
        assertThrows(IllegalArgumentException.class, () -> pool(0, ep("a", 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> pool(1, ep("a", 1, 1), ep("a", 2, 2)));
        assertEquals(EndpointPool.DEFAULT_MAX_ATTEMPTS, new EndpointPool(List.of(ep("a", 1, 1))).maxAttempts());
    }

    // ---- a lone candidate -------------------------------------------------------------------------------------

    /** An endpoint that names its upstream model: one breaker, the endpoint's. */
    static Endpoint configured(String name, double in, double out) {
        return new Endpoint(name, KEY, "gpt-4o-2024-08-06", Set.of(), in, out, new CircuitBreakerConfig(3, RECOVERY));
    }

    @Test
    void aLoneCandidateIsNotTriedAgainAfterA5xxATimeoutOrABadKey() {
        for (Outcome outcome : List.of(Outcome.retryable("status 503"), Outcome.retryable("timeout"),
                Outcome.badKey("status 401"))) {
            AttemptPlan plan = pool(3, configured("a", 1, 1)).plan("m", 10, null);
            assertEquals("a", plan.next().name());
            plan.report(outcome);
            assertNull(plan.next(), outcome.toString());
            assertEquals(1, plan.attempts());
        }
    }

    @Test
    void aLoneCandidateIsTriedAgainWithBackoffAfterAConnectionFailure() {
        EndpointPool pool = pool(5, configured("a", 1, 1));
        AttemptPlan plan = pool.plan("m", 10, null);
        assertEquals("a", plan.next().name());
        plan.report(Outcome.unreachable("connection refused"));
        assertEquals("a", plan.next().name());
        assertEquals(100, plan.backoffMillis());
        plan.report(Outcome.unreachable("connection reset"));
        assertEquals("a", plan.next().name());
        assertEquals(200, plan.backoffMillis());
        plan.report(Outcome.unreachable("connection refused"));
        // The third failure opened the breaker (threshold 3): nothing is tried any more.
        assertNull(plan.next());
        assertEquals(3, plan.attempts());
        assertEquals(Exhaustion.ATTEMPTS_EXHAUSTED, plan.why());
    }

    @Test
    void aLoneCandidateWaitsOutAShortRateLimitButNotALongOne() {
        EndpointPool pool = pool(3, configured("a", 1, 1));
        AttemptPlan plan = pool.plan("m", 10, null);
        assertEquals("a", plan.next().name());
        plan.report(Outcome.rateLimited(500, "status 429"));
        assertEquals("a", plan.next().name(), "500 ms of cooldown is within the backoff's 2 s cap");
        assertEquals(500, plan.backoffMillis());
        plan.report(Outcome.rateLimited(5_000, "status 429"));
        assertNull(plan.next());
        assertEquals(Exhaustion.ALL_RATE_LIMITED, plan.why());
        assertEquals(5_000, plan.retryAfterMillis());
    }

    // ---- breaker scope of an endpoint that passes the caller's model through ----------------------------------

    /** One attempt for {@code model} that ends with {@code outcome}; the endpoint it went to. */
    private static String attempt(EndpointPool pool, String model, Outcome outcome) {
        AttemptPlan plan = pool.plan(model, 10, null);
        PooledEndpoint e = plan.next();
        plan.report(outcome);
        return e.name();
    }

    @Test
    void aFailingModelBenchesAPassThroughEndpointForThatModelOnly() {
        EndpointPool pool = pool(3, ep("any", 1, 1), ep("dear", 2, 2));
        PooledEndpoint any = pool.endpoints().get(0);
        for (int i = 0; i < 3; i++) {
            assertEquals("any", attempt(pool, "broken", Outcome.retryable("status 500")));
        }
        assertEquals(State.OPEN, any.modelBreaker("broken").state());
        assertEquals(State.CLOSED, any.breaker().state());
        assertEquals("dear", pool.plan("broken", 10, null).next().name());
        assertSame(any, pool.plan("fine", 10, null).next());
        assertNull(any.modelBreaker("fine"), "a model that never failed has no breaker");

        // After the recovery timeout, one probe for the model; it succeeds and closes the model's breaker.
        ticker.advance(RECOVERY);
        AttemptPlan probe = pool.plan("broken", 10, null);
        assertSame(any, probe.next());
        assertEquals(State.HALF_OPEN, any.modelBreaker("broken").state());
        assertEquals("dear", pool.plan("broken", 10, null).next().name(), "one probe at a time");
        probe.cancel();
        assertEquals(State.OPEN, any.modelBreaker("broken").state(), "a cancelled probe is given back");
        AttemptPlan again = pool.plan("broken", 10, null);
        assertSame(any, again.next());
        again.report(Outcome.success("status 200"));
        assertEquals(State.CLOSED, any.modelBreaker("broken").state());
    }

    @Test
    void aCallerErrorAnsweringAModelsProbeClosesThatModelsBreaker() {
        EndpointPool pool = pool(3, ep("any", 1, 1));
        PooledEndpoint any = pool.endpoints().get(0);
        for (int i = 0; i < 3; i++) {
            attempt(pool, "m", Outcome.retryable("status 503"));
        }
        assertEquals(State.OPEN, any.modelBreaker("m").state());
        ticker.advance(RECOVERY);
        assertEquals("any", attempt(pool, "m", Outcome.callerError("status 400")));
        assertEquals(State.CLOSED, any.modelBreaker("m").state(), "an answered probe proves the upstream is up");
    }

    @Test
    void connectionFailuresAndBadKeysBenchAPassThroughEndpointForEveryModel() {
        EndpointPool pool = pool(3, ep("any", 1, 1), ep("dear", 2, 2));
        PooledEndpoint any = pool.endpoints().get(0);
        for (int i = 0; i < 3; i++) {
            assertEquals("any", attempt(pool, "m" + i, Outcome.unreachable("connection refused")));
        }
        assertEquals(State.OPEN, any.breaker().state());
        assertEquals(Map.of(), any.modelsNotClosed());
        assertEquals("dear", pool.plan("another", 10, null).next().name());

        ticker.advance(RECOVERY);
        assertEquals("any", attempt(pool, "m0", Outcome.success("status 200")));
        assertEquals("any", attempt(pool, "m0", Outcome.badKey("status 401")));
        assertEquals(State.OPEN, any.breaker().state());
        assertEquals("dear", pool.plan("m1", 10, null).next().name());
    }

    @Test
    void aPassThroughEndpointListingItsModelsIsBenchedWhenEachOfThemIs() {
        EndpointPool pool = pool(3, ep("two", 1, 1, "m1", "m2"));
        PooledEndpoint two = pool.endpoints().get(0);
        for (int i = 0; i < 3; i++) {
            attempt(pool, "m1", Outcome.retryable("timeout"));
        }
        assertFalse(two.benched(), "m2 is still served");
        for (int i = 0; i < 3; i++) {
            attempt(pool, "m2", Outcome.retryable("timeout"));
        }
        assertTrue(two.benched());
        assertEquals(Map.of("m1", State.OPEN, "m2", State.OPEN), two.modelsNotClosed());
    }

    @Test
    void callersCannotGrowTheModelBreakersWithoutBound() {
        EndpointPool pool = pool(1, ep("any", 1, 1));
        PooledEndpoint any = pool.endpoints().get(0);
        for (int i = 0; i < 10_000; i++) {
            AttemptPlan plan = pool.plan("hostile-" + i, 10, null);
            if (plan.next() != null) {
                plan.report(Outcome.retryable("status 500"));
            }
        }
        // 64 models of their own, each one failure short of open, and the overflow breaker they all share beyond.
        assertEquals(Map.of(ModelBreakers.OVERFLOW_NAME, State.OPEN), any.modelsNotClosed());
        assertSame(any.modelBreaker("yet-another"), any.modelBreaker("hostile-9999"));
        assertSame(any.modelBreaker("yet-another"), any.modelBreaker("m".repeat(ModelBreakers.MAX_NAME_LENGTH + 1)));
    }

    @Test
    void modelBreakersThatHoldNothingMakeRoom() {
        ModelBreakers breakers = new ModelBreakers(new CircuitBreakerConfig(3, RECOVERY), ticker);
        for (int i = 0; i < ModelBreakers.MAX_MODELS; i++) {
            breakers.charge("m" + i).markFailure();
        }
        assertEquals(ModelBreakers.MAX_MODELS, breakers.size());
        CircuitBreaker overflow = breakers.charge("one-more");
        assertSame(overflow, breakers.find("never-seen"), "full: the models without a breaker share the overflow");
        assertFalse(breakers.charge("m0") == overflow);

        breakers.find("m7").markSuccess();
        CircuitBreaker own = breakers.charge("newcomer");
        assertFalse(own == overflow, "the clean breaker of m7 made room");
        assertEquals(ModelBreakers.MAX_MODELS, breakers.size());
        assertSame(overflow, breakers.find("m7"), "m7 holds nothing any more and has no breaker of its own");
        assertSame(own, breakers.find("newcomer"));
    }

    @Test
    void aProbeOfTheOverflowBreakerIsNotLostWhenTheModelGetsABreakerOfItsOwn() {
        EndpointPool pool = pool(1, ep("any", 1, 1));
        PooledEndpoint any = pool.endpoints().get(0);
        for (int i = 0; i < ModelBreakers.MAX_MODELS; i++) {
            attempt(pool, "m" + i, Outcome.retryable("status 500"));
        }
        for (int i = 0; i < 3; i++) {
            attempt(pool, "beyond-" + i, Outcome.retryable("status 500"));
        }
        CircuitBreaker overflow = any.modelBreaker("newcomer");
        assertEquals(State.OPEN, overflow.state());
        ticker.advance(RECOVERY);
        AttemptPlan probe = pool.plan("newcomer", 10, null);
        assertSame(any, probe.next());
        assertEquals(State.HALF_OPEN, overflow.state());
        // Meanwhile m0 recovers, which leaves room: the newcomer's failure goes to a breaker of its own.
        any.modelBreaker("m0").markSuccess();
        probe.report(Outcome.retryable("status 500"));
        assertEquals(State.OPEN, overflow.state(), "the overflow's probe was given back, not left out");
        assertEquals(State.CLOSED, any.modelBreaker("newcomer").state());
    }

    // ---- opens told to the other replicas, and learned from them ----------------------------------------------

    /** An open as the pool reported it. */
    // ---- a reload ----------------------------------------------------------------------------------------------

    @Test
    void aReloadKeepsAnUnchangedEndpointCarriesTheSameUpstreamsOpenBreakersAndResetsANewKey() {
        EndpointPool before = new EndpointPool(List.of(ep("same", 1, 1), ep("repriced", 1, 1, "m"),
                ep("rekeyed", 1, 1)), 3, ticker, BreakerEvents.NONE, null);
        before.find("repriced").breaker().forceOpen();
        before.find("repriced").failureBreaker("m").forceOpen();
        before.find("repriced").coolDown(30_000);
        before.find("rekeyed").breaker().forceOpen();
        ticker.advance(Duration.ofSeconds(20));
        List<Opened> news = new ArrayList<>();
        Endpoint rekeyed = new Endpoint("rekeyed", new Key(Protocol.OPENAI, "https://api.openai.com", "sk-new"), null,
                Set.of(), 1, 1, new CircuitBreakerConfig(3, RECOVERY));
        EndpointPool after = new EndpointPool(List.of(ep("same", 1, 1), ep("repriced", 2, 1, "m"), rekeyed), 3, ticker,
                (e, model, why, nanos) -> news.add(new Opened(e.name(), model, why)), before);
        assertSame(before.find("same"), after.find("same"));
        PooledEndpoint repriced = after.find("repriced");
        assertEquals(CircuitBreaker.State.OPEN, repriced.breaker().state());
        assertEquals(Duration.ofSeconds(40).toNanos(), repriced.breaker().remainingOpenNanos());
        assertEquals(CircuitBreaker.State.OPEN, repriced.modelBreaker("m").state(), "the model's breaker too");
        assertEquals(10_000, repriced.remainingCoolMillis());
        assertEquals(CircuitBreaker.State.CLOSED, after.find("rekeyed").breaker().state());
        assertEquals(List.of(), news, "carried opens are not news");
    }

    private record Opened(String endpoint, String model, CircuitBreaker.Opening why) {
    }

    @Test
    void theBreakersOpensAreReportedWithEndpointModelAndReason() {
        List<Opened> opened = new ArrayList<>();
        Endpoint named = new Endpoint("named", KEY, "gpt-4o", Set.of(), 2, 2, new CircuitBreakerConfig(1, RECOVERY));
        EndpointPool pool = new EndpointPool(List.of(ep("any", 1, 1), named), 1, ticker,
                (endpoint, model, why, recoveryNanos) -> opened.add(new Opened(endpoint.name(), model, why)));
        assertEquals("any", attempt(pool, "m", Outcome.badKey("status 401")));
        assertEquals(List.of(new Opened("any", null, CircuitBreaker.Opening.BAD_KEY)), opened);
        assertEquals("named", attempt(pool, "m", Outcome.retryable("status 500")));
        assertEquals(new Opened("named", null, CircuitBreaker.Opening.FAILURES), opened.get(1));
        ticker.advance(RECOVERY);
        for (int i = 0; i < 3; i++) {
            assertEquals("any", attempt(pool, "m", Outcome.retryable("status 500")));
        }
        assertEquals(new Opened("any", "m", CircuitBreaker.Opening.FAILURES), opened.get(2));
        assertEquals(3, opened.size());
    }

    @Test
    void anOpenLearnedFromElsewhereBenchesTheEndpointOrTheModelWithoutBeingReported() {
        List<Opened> opened = new ArrayList<>();
        EndpointPool pool = new EndpointPool(List.of(ep("any", 1, 1), ep("dear", 2, 2)), 3, ticker,
                (endpoint, model, why, recoveryNanos) -> opened.add(new Opened(endpoint.name(), model, why)));
        PooledEndpoint any = pool.endpoints().get(0);
        assertTrue(any.learnOpen("m", RECOVERY.toNanos()));
        assertEquals("dear", pool.plan("m", 10, null).next().name(), "the model is benched on 'any'");
        assertEquals("any", pool.plan("other", 10, null).next().name(), "other models are not");
        assertTrue(any.learnOpen(null, Duration.ofSeconds(5).toNanos()));
        assertEquals("dear", pool.plan("other", 10, null).next().name());
        ticker.advance(Duration.ofSeconds(5));
        assertEquals("any", pool.plan("other", 10, null).next().name(), "after the time learned, its probe");
        assertEquals(List.of(), opened);
    }
}
