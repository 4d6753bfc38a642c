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

    /** Why a breaker opened by its own outcomes (what the other replicas are told: docs/operations.md). */
    public enum Opening {
        /** The upstream refused the key (401, 403) or said its quota is spent: {@link #forceOpen()}. */
        BAD_KEY,
        /** {@code threshold} consecutive failures while closed. */
        FAILURES,
        /** The half-open probe failed. */
        PROBE_FAILED
    }

    /**
     * Told when this breaker opens by its own outcomes, once per transition (by the thread whose compare-and-set
     * installed it); never for an open learned with {@link #learnOpen}, so news of an open is not echoed back.
     */
    @FunctionalInterface
    public interface OpenListener {

        /** Listens to nothing. */
        OpenListener NONE = (why, recoveryNanos) -> { };

        /**
         * @param why           what opened it
         * @param recoveryNanos how long it now refuses calls before its probe
         */
        void opened(Opening why, long recoveryNanos);
    }

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

    /** News of an open extends a running one only by more than this, so that the same news twice changes nothing. */
    private static final long LEARN_SLACK_NANOS = 1_000_000_000L;

    /**
     * The closed phases with the failure counts thresholds usually stay below, shared by every breaker: counting a
     * failure, or resetting an already clean breaker, then allocates nothing. Sharing is safe because a transition
     * from a closed phase depends on its count alone, so a compare-and-set that meets an equal phase installed again
     * (closed, opened, closed anew) installs the right successor.
     */
    private static final Closed[] CLOSED = new Closed[64];

    static {
        for (int i = 0; i < CLOSED.length; i++) {
            CLOSED[i] = new Closed(i);
        }
    }

    private static final Closed CLOSED_CLEAN = CLOSED[0];

    private final AtomicReference<Phase> phase = new AtomicReference<>(CLOSED_CLEAN);
    private final int threshold;
    private final long recoveryNanos;
    private final Ticker ticker;
    private final OpenListener listener;

    public CircuitBreaker(CircuitBreakerConfig config, Ticker ticker) {
        this(config, ticker, OpenListener.NONE);
    }

    /**
     * @param config   threshold and recovery timeout; the defaults when null
     * @param ticker   its clock; the system's when null
     * @param listener told of every open this breaker decides itself
     */
    public CircuitBreaker(CircuitBreakerConfig config, Ticker ticker, OpenListener listener) {
        CircuitBreakerConfig c = config == null ? CircuitBreakerConfig.DEFAULT : config;
        this.threshold = c.threshold();
        this.recoveryNanos = c.recoveryTimeout().toNanos();
        this.ticker = ticker == null ? Ticker.SYSTEM : ticker;
        this.listener = listener == null ? OpenListener.NONE : listener;
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
                if (!(p instanceof Open)) {
                    // Already open: calls admitted before it opened report late, which is no news.
                    listener.opened(Opening.BAD_KEY, recoveryNanos);
                }
                return;
            }
        }
    }

    /**
     * Opens the breaker because another replica found its upstream failing: it refuses calls for the
     * {@code remainingNanos} that replica's breaker has left (at most this breaker's recovery timeout), then lets its
     * probe through as usual. A closed breaker opens; an open one is extended when the news says it stays open more
     * than a second longer; a half-open one (its own probe decides) and one open about as long already are left
     * alone, so replicas do not keep re-opening each other. The open listener is not told.
     *
     * @return whether the breaker changed
     */
    public boolean learnOpen(long remainingNanos) {
        long r = Math.min(remainingNanos, recoveryNanos);
        if (r <= 0) {
            return false;
        }
        while (true) {
            Phase p = phase.get();
            long now = ticker.nanos();
            if (p instanceof HalfOpen) {
                return false;
            }
            if (p instanceof Open open && recoveryNanos - (now - open.openedAt) >= r - LEARN_SLACK_NANOS) {
                return false;
            }
            // Opened (recovery - r) ago, as far as the probe is concerned: it may probe in r.
            if (phase.compareAndSet(p, new Open(now - (recoveryNanos - r)))) {
                return true;
            }
        }
    }

    /**
     * How long this breaker refuses calls before its probe, in nanoseconds: 0 unless open (a running probe counts as
     * 0 too: the breaker's own probe decides).
     */
    public long remainingOpenNanos() {
        return phase.get() instanceof Open open ? Math.max(0, recoveryNanos - (ticker.nanos() - open.openedAt)) : 0;
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
            Opening opening;
            if (p instanceof Closed c) {
                // Saturating: a breaker with a huge threshold must not wrap to a negative count.
                int failures = c.failures == Integer.MAX_VALUE ? c.failures : c.failures + 1;
                boolean opens = failures >= threshold;
                next = opens ? new Open(ticker.nanos()) : closed(failures);
                opening = opens ? Opening.FAILURES : null;
            } else if (p instanceof HalfOpen && fromProbe) {
                next = new Open(ticker.nanos());
                opening = Opening.PROBE_FAILED;
            } else {
                return;
            }
            if (phase.compareAndSet(p, next)) {
                if (opening != null) {
                    listener.opened(opening, recoveryNanos);
                }
                return;
            }
        }
    }

    private static Closed closed(int failures) {
        return failures < CLOSED.length ? CLOSED[failures] : new Closed(failures);
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
