package io.llmrouter.core.breaker;

import io.llmrouter.api.CircuitBreakerConfig;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A lock-free circuit breaker for one endpoint: {@code threshold} consecutive failures open it, after
 * {@code recoveryTimeout} exactly one probe is let through, and the probe's outcome closes or re-opens it.
 *
 * <p>The whole state lives in one {@link AtomicReference} to an immutable phase object ({@link Closed},
 * {@link Open}, {@link HalfOpen}). Every transition reads the phase once and installs its successor with a single
 * compare-and-set, retrying on contention; there are no locks. Because each phase object is immutable and the
 * reference is volatile, a thread that reads a phase also sees every field written before it was published.
 */
public final class CircuitBreaker {

    /** The breaker's phase, for health checks and metrics. */
    public enum State {
        /** Admitting calls and counting consecutive failures. */
        CLOSED,
        /** Refusing calls until the recovery timeout has elapsed. */
        OPEN,
        /** The single probe is out; refusing everything else until it reports. */
        HALF_OPEN
    }

    private sealed interface Phase permits Closed, Open, HalfOpen {
    }

    private record Closed(int failures) implements Phase {
    }

    private record Open(long openedAt) implements Phase {
    }

    /** Keeps the timestamp of the open phase it came from so a cancelled probe can restore it. */
    private record HalfOpen(long openedAt) implements Phase {
    }

    /** Shared so that resetting an already clean breaker neither allocates nor writes. */
    private static final Closed CLOSED_CLEAN = new Closed(0);

    private final AtomicReference<Phase> phase = new AtomicReference<>(CLOSED_CLEAN);
    private final int threshold;
    private final long recoveryNanos;
    private final Ticker ticker;

    public CircuitBreaker(CircuitBreakerConfig config, Ticker ticker) {
        CircuitBreakerConfig c = config == null ? CircuitBreakerConfig.DEFAULT : config;
        this.threshold = c.threshold();
        this.recoveryNanos = c.recoveryTimeout().toNanos();
        this.ticker = ticker == null ? Ticker.SYSTEM : ticker;
    }

    /**
     * Asks to make a call. Closed: {@link Permit#CLOSED}. Open with the recovery timeout elapsed: exactly one caller
     * wins the switch to half-open and gets {@link Permit#PROBE}; everyone else, and everyone while the probe is out,
     * gets {@link Permit#DENIED}.
     */
    public Permit acquire() {
        Phase p = phase.get();
        if (p instanceof Closed) {
            return Permit.CLOSED;
        }
        if (p instanceof Open open && ticker.nanos() - open.openedAt >= recoveryNanos) {
            // Only one CAS from this particular Open instance can succeed: that caller owns the probe. No retry loop:
            // a loser finds the phase changed to HalfOpen (refuse) or to something a concurrent reporter installed.
            return phase.compareAndSet(open, new HalfOpen(open.openedAt)) ? Permit.PROBE : Permit.DENIED;
        }
        return Permit.DENIED;
    }

    /** {@link #acquire()} as a boolean: whether the call may be made. */
    public boolean tryAcquire() {
        return acquire() != Permit.DENIED;
    }

    /**
     * Whether the breaker would refuse a call now: open with the recovery timeout still running, or half-open with
     * its probe out. An open breaker whose timeout has elapsed reports false: its next caller gets the probe.
     */
    public boolean isOpen() {
        Phase p = phase.get();
        if (p instanceof Closed) {
            return false;
        }
        return !(p instanceof Open open) || ticker.nanos() - open.openedAt < recoveryNanos;
    }

    /** The current phase. */
    public State state() {
        Phase p = phase.get();
        if (p instanceof Closed) {
            return State.CLOSED;
        }
        return p instanceof Open ? State.OPEN : State.HALF_OPEN;
    }

    /** Consecutive failures counted while closed; 0 when open or half-open (the state says why). */
    public int consecutiveFailures() {
        return phase.get() instanceof Closed c ? c.failures : 0;
    }

    /**
     * A call succeeded. Closed: the failure count resets. Half-open: the probe succeeded, the breaker closes.
     * Open: ignored (a call admitted before the breaker opened proves nothing about now).
     *
     * <p>Callers that know which permit they hold should use {@link #markSuccess(Permit)}: this method treats a
     * report made while half-open as the probe's.
     */
    public void markSuccess() {
        success(true);
    }

    /**
     * A call failed. Closed: the count grows and, at the threshold, the breaker opens now. Half-open: the probe
     * failed, the breaker re-opens with a fresh recovery timeout. Open: ignored.
     */
    public void markFailure() {
        failure(true);
    }

    /**
     * {@link #markSuccess()} for a caller that knows its permit. The outcome of an ordinary call that lands while the
     * probe is out is ignored, so only the probe decides the half-open phase.
     */
    public void markSuccess(Permit permit) {
        success(requireGranted(permit) == Permit.PROBE);
    }

    /** {@link #markFailure()} for a caller that knows its permit; see {@link #markSuccess(Permit)}. */
    public void markFailure(Permit permit) {
        failure(requireGranted(permit) == Permit.PROBE);
    }

    /**
     * Opens the breaker now with a fresh recovery timeout, whatever its phase: the upstream said the key is bad or out
     * of quota, so further calls are pointless until the timeout lets a probe check again.
     */
    public void forceOpen() {
        Open next = new Open(ticker.nanos());
        while (true) {
            Phase p = phase.get();
            if (phase.compareAndSet(p, next)) {
                return;
            }
        }
    }

    /**
     * Gives back a probe that was acquired but never used (the caller disconnected, or the request failed before it
     * was sent): the breaker returns to open with the original timestamp, so the next caller can take the probe at
     * once. Only the holder of {@link Permit#PROBE} may call this; in any other phase it does nothing.
     */
    public void release() {
        Phase p = phase.get();
        if (p instanceof HalfOpen h) {
            // A failed CAS means the phase already moved on (forceOpen): nothing to give back.
            phase.compareAndSet(h, new Open(h.openedAt));
        }
    }

    private void success(boolean fromProbe) {
        while (true) {
            Phase p = phase.get();
            if (p == CLOSED_CLEAN || p instanceof Open || (p instanceof HalfOpen && !fromProbe)) {
                return;
            }
            if (phase.compareAndSet(p, CLOSED_CLEAN)) {
                return;
            }
        }
    }

    private void failure(boolean fromProbe) {
        while (true) {
            Phase p = phase.get();
            Phase next;
            if (p instanceof Closed c) {
                // Saturating: a breaker with a huge threshold must not wrap to a negative count.
                int failures = c.failures == Integer.MAX_VALUE ? c.failures : c.failures + 1;
                next = failures >= threshold ? new Open(ticker.nanos()) : new Closed(failures);
            } else if (p instanceof HalfOpen && fromProbe) {
                next = new Open(ticker.nanos());
            } else {
                return;
            }
            if (phase.compareAndSet(p, next)) {
                return;
            }
        }
    }

    private static Permit requireGranted(Permit permit) {
        if (permit == null || permit == Permit.DENIED) {
            throw new IllegalArgumentException("no call was admitted with permit " + permit);
        }
        return permit;
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + phase.get() + "]";
    }
}
