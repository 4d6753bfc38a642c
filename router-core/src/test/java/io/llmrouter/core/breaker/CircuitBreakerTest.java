package io.llmrouter.core.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.core.breaker.CircuitBreaker.State;
import java.time.Duration;
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
}
