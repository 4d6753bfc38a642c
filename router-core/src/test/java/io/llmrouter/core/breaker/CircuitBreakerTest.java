package io.llmrouter.core.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.core.breaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private final ManualTicker ticker = new ManualTicker();
    private final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreakerConfig(3, RECOVERY), ticker);

    private void open() {
        breaker.markFailure();
        breaker.markFailure();
        breaker.markFailure();
    }

    @Test
    void closedAdmitsAndCountsConsecutiveFailures() {
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
        breaker.markFailure();
        breaker.markFailure();
        assertEquals(2, breaker.consecutiveFailures());
        assertEquals(State.CLOSED, breaker.state());
        assertFalse(breaker.isOpen());
    }

    @Test
    void successResetsTheCount() {
        breaker.markFailure();
        breaker.markFailure();
        breaker.markSuccess();
        assertEquals(0, breaker.consecutiveFailures());
        breaker.markFailure();
        breaker.markFailure();
        assertEquals(State.CLOSED, breaker.state());
    }

    @Test
    void thresholdOpens() {
        open();
        assertEquals(State.OPEN, breaker.state());
        assertTrue(breaker.isOpen());
        assertFalse(breaker.tryAcquire());
        ticker.advance(RECOVERY.minusNanos(1));
        assertFalse(breaker.tryAcquire());
        assertTrue(breaker.isOpen());
    }

    @Test
    void afterRecoveryExactlyOneProbe() {
        open();
        ticker.advance(RECOVERY);
        assertFalse(breaker.isOpen(), "an open breaker past its timeout would admit the probe");
        assertEquals(Permit.PROBE, breaker.acquire());
        assertEquals(State.HALF_OPEN, breaker.state());
        assertTrue(breaker.isOpen());
        assertFalse(breaker.tryAcquire());
        ticker.advance(RECOVERY.multipliedBy(10));
        assertFalse(breaker.tryAcquire(), "the probe is still out");
    }

    @Test
    void probeSuccessCloses() {
        open();
        ticker.advance(RECOVERY);
        assertTrue(breaker.tryAcquire());
        breaker.markSuccess();
        assertEquals(State.CLOSED, breaker.state());
        assertEquals(Permit.CLOSED, breaker.acquire());
        assertEquals(0, breaker.consecutiveFailures());
    }

    @Test
    void probeFailureReopensWithFreshTimeout() {
        open();
        ticker.advance(RECOVERY.plusSeconds(30));
        assertTrue(breaker.tryAcquire());
        breaker.markFailure();
        assertEquals(State.OPEN, breaker.state());
        ticker.advance(RECOVERY.minusNanos(1));
        assertFalse(breaker.tryAcquire(), "timeout counts from the probe's failure, not the first opening");
        ticker.advance(Duration.ofNanos(1));
        assertEquals(Permit.PROBE, breaker.acquire());
    }

    @Test
    void lateOutcomesWhileOpenAreIgnored() {
        open();
        breaker.markSuccess();
        assertEquals(State.OPEN, breaker.state(), "success of a call admitted before opening must not close");
        breaker.markFailure();
        ticker.advance(RECOVERY);
        assertEquals(Permit.PROBE, breaker.acquire(), "a late failure must not restart the timeout");
    }

    @Test
    void ordinaryPermitOutcomesDoNotDecideHalfOpen() {
        Permit ordinary = breaker.acquire();
        open();
        ticker.advance(RECOVERY);
        Permit probe = breaker.acquire();
        assertEquals(Permit.PROBE, probe);
        breaker.markSuccess(ordinary);
        assertEquals(State.HALF_OPEN, breaker.state());
        breaker.markFailure(ordinary);
        assertEquals(State.HALF_OPEN, breaker.state());
        breaker.markSuccess(probe);
        assertEquals(State.CLOSED, breaker.state());
        assertThrows(IllegalArgumentException.class, () -> breaker.markFailure(Permit.DENIED));
    }

    @Test
    void forceOpenFromAnyPhase() {
        breaker.forceOpen();
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        ticker.advance(RECOVERY);
        assertTrue(breaker.tryAcquire());
        breaker.forceOpen();
        assertEquals(State.OPEN, breaker.state());
        ticker.advance(RECOVERY.minusNanos(1));
        assertFalse(breaker.tryAcquire(), "forceOpen restarts the timeout");
        ticker.advance(Duration.ofNanos(1));
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void releaseGivesTheProbeBackWithTheOldTimestamp() {
        open();
        ticker.advance(RECOVERY.plusSeconds(5));
        assertEquals(Permit.PROBE, breaker.acquire());
        breaker.release();
        assertEquals(State.OPEN, breaker.state());
        assertEquals(Permit.PROBE, breaker.acquire(), "the next caller may probe at once");
        breaker.release();
        breaker.release();
        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void releaseOutsideHalfOpenDoesNothing() {
        breaker.markFailure();
        breaker.release();
        assertEquals(State.CLOSED, breaker.state());
        assertEquals(1, breaker.consecutiveFailures());
    }

    @Test
    void thresholdOfOneOpensOnFirstFailure() {
        CircuitBreaker b = new CircuitBreaker(new CircuitBreakerConfig(1, RECOVERY), ticker);
        b.markFailure();
        assertEquals(State.OPEN, b.state());
    }

    /** A breaker whose opens are written down, as the news of them would be sent. */
    private final List<CircuitBreaker.Opening> opens = new CopyOnWriteArrayList<>();
    private final CircuitBreaker told = new CircuitBreaker(new CircuitBreakerConfig(2, RECOVERY), ticker,
            (why, recoveryNanos) -> {
                assertEquals(RECOVERY.toNanos(), recoveryNanos);
                opens.add(why);
            });

    @Test
    void theListenerHearsEachOwnOpenOnceWithItsReason() {
        told.markFailure();
        assertEquals(List.of(), opens, "one failure below the threshold is no open");
        told.markFailure();
        told.markFailure();
        assertEquals(List.of(CircuitBreaker.Opening.FAILURES), opens, "a late failure while open is no news");
        told.forceOpen();
        assertEquals(List.of(CircuitBreaker.Opening.FAILURES), opens, "forcing an open breaker open is no news");
        ticker.advance(RECOVERY);
        assertEquals(Permit.PROBE, told.acquire());
        told.markFailure(Permit.PROBE);
        assertEquals(List.of(CircuitBreaker.Opening.FAILURES, CircuitBreaker.Opening.PROBE_FAILED), opens);
        ticker.advance(RECOVERY);
        assertEquals(Permit.PROBE, told.acquire());
        told.forceOpen();
        assertEquals(CircuitBreaker.Opening.BAD_KEY, opens.get(2));
        assertEquals(3, opens.size());
    }

    @Test
    void aLearnedOpenIsNotToldToTheListener() {
        assertTrue(told.learnOpen(RECOVERY.toNanos()));
        assertEquals(State.OPEN, told.state());
        assertEquals(List.of(), opens);
    }

    @Test
    void theListenerHearsOneOpenUnderContention() throws Exception {
        CircuitBreaker b = new CircuitBreaker(new CircuitBreakerConfig(1, RECOVERY), ticker,
                (why, recoveryNanos) -> opens.add(why));
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    b.forceOpen();
                    b.markFailure();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, opens.size(), "one transition to open, one message: " + opens);
    }

    @Test
    void learnOpenOpensAClosedBreakerForWhatTheSenderHasLeft() {
        breaker.markFailure();
        assertTrue(breaker.learnOpen(Duration.ofSeconds(20).toNanos()));
        assertEquals(State.OPEN, breaker.state());
        assertEquals(Duration.ofSeconds(20).toNanos(), breaker.remainingOpenNanos());
        ticker.advance(Duration.ofSeconds(20).minusNanos(1));
        assertFalse(breaker.tryAcquire());
        ticker.advance(Duration.ofNanos(1));
        assertEquals(Permit.PROBE, breaker.acquire(), "its own probe decides after the learned time");
    }

    @Test
    void learnOpenIsClampedToTheOwnRecoveryTimeout() {
        assertTrue(breaker.learnOpen(Duration.ofHours(5).toNanos()));
        assertEquals(RECOVERY.toNanos(), breaker.remainingOpenNanos());
        assertFalse(breaker.learnOpen(0));
        assertFalse(breaker.learnOpen(-5));
    }

    @Test
    void learnOpenExtendsAnOpenBreakerOnlyByMoreThanASecond() {
        breaker.learnOpen(Duration.ofSeconds(10).toNanos());
        assertFalse(breaker.learnOpen(Duration.ofSeconds(10).toNanos()), "the same news twice changes nothing");
        assertFalse(breaker.learnOpen(Duration.ofSeconds(11).toNanos()), "a second more is the same news");
        assertEquals(Duration.ofSeconds(10).toNanos(), breaker.remainingOpenNanos());
        assertTrue(breaker.learnOpen(Duration.ofSeconds(30).toNanos()));
        assertEquals(Duration.ofSeconds(30).toNanos(), breaker.remainingOpenNanos());
        assertFalse(breaker.learnOpen(Duration.ofSeconds(5).toNanos()), "news never shortens an open");
    }

    @Test
    void learnOpenLeavesARunningProbeAlone() {
        open();
        ticker.advance(RECOVERY);
        assertEquals(Permit.PROBE, breaker.acquire());
        assertFalse(breaker.learnOpen(RECOVERY.toNanos()));
        assertEquals(State.HALF_OPEN, breaker.state());
        assertEquals(0, breaker.remainingOpenNanos());
        breaker.markSuccess(Permit.PROBE);
        assertEquals(State.CLOSED, breaker.state());
    }
}
