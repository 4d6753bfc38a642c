package io.llmrouter.core.selection;

import io.llmrouter.core.breaker.Permit;
import io.llmrouter.core.failure.Backoff;
import io.llmrouter.core.failure.Outcome;

/**
 * The attempts of one request, in price order. {@link #next()} hands out the next endpoint that is neither
 * cooling down nor refused by its breaker (asking the breaker only at that moment, so no permit is wasted); once
 * every candidate has had its turn and attempts remain, an endpoint already tried may be handed out again with a
 * full-jitter {@link #backoffMillis()} to wait first.
 *
 * <p>Belongs to one request and is not thread-safe: use it from one thread at a time (a reactive pipeline's
 * serialised signals are fine). Report each attempt with {@link #report(Outcome)} or, when the call was never made,
 * {@link #cancel()}; a half-open probe that is neither reported nor cancelled keeps its breaker shut.
 */
public final class AttemptPlan {

    private final PooledEndpoint[] order;
    private final boolean[] tried;
    private final int maxAttempts;
    private final Backoff backoff;

    private int position;
    private int attempts;
    private int retries;
    private PooledEndpoint current;
    private Permit permit = Permit.DENIED;
    private boolean pending;
    private long backoffMillis;
    private Exhaustion why = Exhaustion.NONE;
    private long retryAfterMillis = -1;

    AttemptPlan(PooledEndpoint[] order, int maxAttempts, Backoff backoff) {
        this.order = order;
        this.tried = new boolean[order.length];
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /**
     * The next endpoint to call, or null when nothing is left ({@link #why()} says why). Untried candidates come
     * first, in order; then, while attempts remain, the cheapest already-tried one that is admitted again.
     * An attempt that was neither reported nor cancelled is cancelled first, so its probe is not lost.
     */
    public PooledEndpoint next() {
        cancel();
        if (why != Exhaustion.NONE) {
            return null;
        }
        if (attempts >= maxAttempts) {
            return exhaust();
        }
        while (position < order.length) {
            int i = position++;
            Permit p = admit(order[i]);
            if (p != Permit.DENIED) {
                return handOut(i, p, 0);
            }
        }
        for (int i = 0; i < order.length; i++) {
            if (tried[i]) {
                Permit p = admit(order[i]);
                if (p != Permit.DENIED) {
                    return handOut(i, p, backoff.delayMillis(retries++));
                }
            }
        }
        return exhaust();
    }

    /**
     * Applies the current attempt's outcome to its endpoint: success closes or resets the breaker, a retryable
     * failure counts against it, a rate limit cools the endpoint down, a bad key forces the breaker open. A caller
     * error is no penalty; if it was the half-open probe it proves the upstream answers, so it closes the breaker.
     * Only the first report (or cancel) of an attempt counts.
     */
    public void report(Outcome outcome) {
        if (!pending) {
            return;
        }
        pending = false;
        PooledEndpoint e = current;
        switch (outcome.kind()) {
            case SUCCESS -> e.breaker().markSuccess(permit);
            case RETRYABLE, UNREACHABLE -> e.breaker().markFailure(permit);
            case RATE_LIMITED -> {
                e.coolDown(outcome.retryAfterMillis());
                // A 429 says nothing about health either way: give the probe back; the cooldown keeps plans away.
                if (permit == Permit.PROBE) {
                    e.breaker().release();
                }
            }
            case BAD_KEY -> e.breaker().forceOpen();
            case CALLER_ERROR -> {
                if (permit == Permit.PROBE) {
                    e.breaker().markSuccess(permit);
                }
            }
        }
    }

    /** The current attempt was never made (the client left, the request could not be built): frees its probe. */
    public void cancel() {
        if (!pending) {
            return;
        }
        pending = false;
        if (permit == Permit.PROBE) {
            current.breaker().release();
        }
    }

    /** The endpoint handed out last, or null. */
    public PooledEndpoint current() {
        return current;
    }

    /** The breaker permit of the current attempt. */
    public Permit permit() {
        return permit;
    }

    /** Milliseconds to wait before making the current attempt: 0 for a first try, a jittered delay for a re-try. */
    public long backoffMillis() {
        return backoffMillis;
    }

    /** Attempts handed out so far. */
    public int attempts() {
        return attempts;
    }

    /** The candidates in the order they are tried. */
    public int candidates() {
        return order.length;
    }

    /** Why {@link #next()} returned null; {@link Exhaustion#NONE} until it has. */
    public Exhaustion why() {
        return why;
    }

    /** For {@link Exhaustion#ALL_RATE_LIMITED}: the shortest remaining cooldown in milliseconds; else -1. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    private static Permit admit(PooledEndpoint e) {
        return e.isCooling() ? Permit.DENIED : e.breaker().acquire();
    }

    private PooledEndpoint handOut(int index, Permit p, long delay) {
        tried[index] = true;
        attempts++;
        current = order[index];
        permit = p;
        pending = true;
        backoffMillis = delay;
        return current;
    }

    /**
     * Every candidate cooling → rate limited (429 is the truthful answer even after attempts). No call made and some
     * cooling → rate limited too (the rest are open; retrying after the cooldown has a chance). No call made and
     * none cooling → all open. Otherwise calls were made and failed → attempts exhausted.
     */
    private PooledEndpoint exhaust() {
        int cooling = 0;
        long shortest = Long.MAX_VALUE;
        for (PooledEndpoint e : order) {
            long left = e.remainingCoolMillis();
            if (left > 0) {
                cooling++;
                shortest = Math.min(shortest, left);
            }
        }
        if (cooling == order.length || (attempts == 0 && cooling > 0)) {
            why = Exhaustion.ALL_RATE_LIMITED;
            retryAfterMillis = shortest;
        } else {
            why = attempts == 0 ? Exhaustion.ALL_OPEN : Exhaustion.ATTEMPTS_EXHAUSTED;
        }
        return null;
    }
}
