package io.llmrouter.core.selection;

import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.breaker.Permit;
import io.llmrouter.core.failure.Backoff;
import io.llmrouter.core.failure.Outcome;

/**
 * The attempts of one request, in price order. {@link #next()} hands out the next endpoint that is neither
 * cooling down nor refused by its breakers (asking them only at that moment, so no permit is wasted); once
 * every candidate has had its turn and attempts remain, an endpoint already tried may be handed out again with a
 * full-jitter {@link #backoffMillis()} to wait first. A lone candidate is tried again only where that can help: after
 * a connection that failed before any answer, or after a rate limit whose cooldown ends within the backoff's cap (the
 * wait is then the longer of the two). After a 5xx or a timeout it is not: the same call to the same upstream would
 * most likely fail the same way, and a timeout would double the caller's wait.
 *
 * <p>Belongs to one request and is not thread-safe: use it from one thread at a time (a reactive pipeline's
 * serialised signals are fine). Report each attempt with {@link #report(Outcome)} or, when the call was never made,
 * {@link #cancel()}; a half-open probe that is neither reported nor cancelled keeps its breaker shut.
 */
public final class AttemptPlan {

    /** The candidates in the order they are tried; null until a plan made from a {@link PriceOrder} needs it. */
    private PooledEndpoint[] order;
    /** Which of {@link #order} were handed out; null with it. */
    private boolean[] tried;
    /** Whether the cheapest candidate was handed out before the order was built. */
    private boolean firstTried;
    /** Where a lazily built order comes from, its price ceiling and its rotation; null for an order given whole. */
    private final PriceOrder source;
    private final double ceiling;
    private final int turn;
    private final int maxAttempts;
    private final Backoff backoff;
    /** The requested model: the key of the per-model breakers of endpoints that pass it through. */
    private final String model;

    private int position;
    private int attempts;
    private int retries;
    private PooledEndpoint current;
    private Permit permit = Permit.DENIED;
    /**
     * The per-model breaker the current attempt was admitted by, or null when it has none (see PooledEndpoint); only
     * meaningful while the current endpoint passes the model through, and only written then, so that the plans of
     * endpoints with a configured model pay nothing for it.
     */
    private CircuitBreaker modelBreaker;
    /** Whether the current attempt holds the half-open probe of {@link #modelBreaker}. */
    private boolean modelProbe;
    /** Whether the last reported attempt ended in a way another call to a lone endpoint can mend. */
    private boolean worthAnotherCall;
    private boolean pending;
    private long backoffMillis;
    private Exhaustion why = Exhaustion.NONE;
    private long retryAfterMillis = -1;

    /** A plan over {@code order}, computed for this request. */
    AttemptPlan(PooledEndpoint[] order, int maxAttempts, Backoff backoff, String model) {
        this.order = order;
        this.tried = new boolean[order.length];
        this.source = null;
        this.ceiling = Double.NaN;
        this.turn = -1;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.model = model;
    }

    /**
     * A plan over the fixed order {@code source} under {@code ceiling} (NaN: none) with ties rotated by {@code turn}
     * (negative: none), of which only the first endpoint is known until {@link #next()} needs more.
     */
    AttemptPlan(PriceOrder source, double ceiling, int turn, int maxAttempts, Backoff backoff, String model) {
        this.source = source;
        this.ceiling = ceiling;
        this.turn = turn;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.model = model;
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
        if (order == null) {
            if (position == 0) {
                // The success path: the first endpoint, admitted without building the order. Found here rather than
                // when the plan is made, so that making it stays short enough for the compiler to inline it.
                position = 1;
                PooledEndpoint first = source.first(turn);
                Permit p = admit(first);
                if (p != Permit.DENIED) {
                    firstTried = true;
                    return handOut(first, p, 0);
                }
            }
            order();
        }
        while (position < order.length) {
            int i = position++;
            Permit p = admit(order[i]);
            if (p != Permit.DENIED) {
                tried[i] = true;
                return handOut(order[i], p, 0);
            }
        }
        if (order.length == 1) {
            return retryLone();
        }
        for (int i = 0; i < order.length; i++) {
            if (tried[i]) {
                Permit p = admit(order[i]);
                if (p != Permit.DENIED) {
                    return handOut(order[i], p, backoff.delayMillis(retries++));
                }
            }
        }
        return exhaust();
    }

    /**
     * Applies the current attempt's outcome to its endpoint: success closes or resets the breakers, a retryable
     * failure counts against the breaker of its scope, a connection that failed before any answer against the
     * endpoint's own, a rate limit cools the endpoint down, a bad key forces the endpoint's breaker open. A caller
     * error is no penalty; if it was a half-open probe it proves the upstream answers, so it closes that breaker.
     * For an endpoint that passes the model through, a retryable failure is the model's (PooledEndpoint says why),
     * and the endpoint's own breaker counts the answer as a success. Only the first report (or cancel) of an attempt
     * counts.
     */
    public void report(Outcome outcome) {
        if (!pending) {
            return;
        }
        pending = false;
        worthAnotherCall = outcome.kind() == Outcome.Kind.UNREACHABLE || outcome.kind() == Outcome.Kind.RATE_LIMITED;
        PooledEndpoint e = current;
        CircuitBreaker mb = currentModelBreaker();
        switch (outcome.kind()) {
            case SUCCESS -> {
                e.breaker().markSuccess(permit);
                if (mb != null) {
                    mb.markSuccess(modelPermit());
                }
            }
            case RETRYABLE -> {
                if (e.breakerPerModel()) {
                    e.breaker().markSuccess(permit);
                    CircuitBreaker charged = e.failureBreaker(model);
                    if (charged == mb) {
                        charged.markFailure(modelPermit());
                    } else {
                        // Admitted by the overflow breaker, charged to a breaker of its own made meanwhile.
                        releaseModelProbe();
                        charged.markFailure(Permit.CLOSED);
                    }
                } else {
                    e.breaker().markFailure(permit);
                }
            }
            case UNREACHABLE -> {
                e.breaker().markFailure(permit);
                releaseModelProbe();
            }
            case RATE_LIMITED -> {
                e.coolDown(outcome.retryAfterMillis());
                // A 429 says nothing about health either way: give the probes back; the cooldown keeps plans away.
                releaseProbes();
            }
            case BAD_KEY -> {
                e.breaker().forceOpen();
                releaseModelProbe();
            }
            case CALLER_ERROR -> {
                if (permit == Permit.PROBE) {
                    e.breaker().markSuccess(permit);
                }
                if (mb != null && modelProbe) {
                    mb.markSuccess(Permit.PROBE);
                }
            }
        }
    }

    /** The current attempt was never made (the client left, the request could not be built): frees its probes. */
    public void cancel() {
        if (!pending) {
            return;
        }
        pending = false;
        releaseProbes();
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

    /**
     * The estimated cost in USD of the call at the plan's first endpoint, as ranking estimates it (no cache reads,
     * {@code maxTokens} or {@link EndpointPool#DEFAULT_EXPECTED_OUTPUT_TOKENS} output tokens): what a budget reserves.
     */
    public double estimatedCost(long estimatedInputTokens, Integer maxTokens) {
        long out = maxTokens != null && maxTokens > 0 ? maxTokens : EndpointPool.DEFAULT_EXPECTED_OUTPUT_TOKENS;
        return first().endpoint().cost(Math.max(0, estimatedInputTokens), out);
    }

    /** The candidates in the order they are tried. */
    public int candidates() {
        return order().length;
    }

    /** Why {@link #next()} returned null; {@link Exhaustion#NONE} until it has. */
    public Exhaustion why() {
        return why;
    }

    /** For {@link Exhaustion#ALL_RATE_LIMITED}: the shortest remaining cooldown in milliseconds; else -1. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** Asks the endpoint's breakers for a call, unless it is cooling down. */
    private Permit admit(PooledEndpoint e) {
        return e.isCooling() ? Permit.DENIED : acquire(e);
    }

    /**
     * Asks the endpoint's own breaker and, for an endpoint passing the model through, the model's breaker; a probe
     * the one granted is given back when the other refuses. Leaves the model's breaker in {@link #modelBreaker} for
     * the attempt this may become.
     */
    private Permit acquire(PooledEndpoint e) {
        Permit p = e.breaker().acquire();
        if (p == Permit.DENIED || !e.breakerPerModel()) {
            return p;
        }
        CircuitBreaker mb = e.modelBreaker(model);
        Permit mp = mb == null ? Permit.CLOSED : mb.acquire();
        if (mp == Permit.DENIED) {
            if (p == Permit.PROBE) {
                e.breaker().release();
            }
            return Permit.DENIED;
        }
        modelBreaker = mb;
        modelProbe = mp == Permit.PROBE;
        return p;
    }

    /**
     * The only candidate again, where another call can help: after a connection that failed before any answer or a
     * rate limit, when the endpoint's cooldown (if any) ends within the backoff's cap, after the longer of the
     * cooldown and the backoff's delay. Otherwise the plan is exhausted.
     */
    private PooledEndpoint retryLone() {
        PooledEndpoint e = order[0];
        long cooldown = e.remainingCoolMillis();
        if (!worthAnotherCall || cooldown > backoff.capMillis()) {
            return exhaust();
        }
        Permit p = acquire(e);
        if (p == Permit.DENIED) {
            return exhaust();
        }
        return handOut(e, p, Math.max(cooldown, backoff.delayMillis(retries++)));
    }

    /** The current attempt's per-model breaker, or null. */
    private CircuitBreaker currentModelBreaker() {
        return current.breakerPerModel() ? modelBreaker : null;
    }

    private Permit modelPermit() {
        return modelProbe ? Permit.PROBE : Permit.CLOSED;
    }

    private void releaseProbes() {
        if (permit == Permit.PROBE) {
            current.breaker().release();
        }
        releaseModelProbe();
    }

    private void releaseModelProbe() {
        CircuitBreaker mb = currentModelBreaker();
        if (mb != null && modelProbe) {
            mb.release();
        }
    }

    /**
     * The order, built now if the plan was made from a fixed order: the same order the request would have been given
     * whole, with the first endpoint marked tried if it was handed out.
     */
    private PooledEndpoint first() {
        return order != null ? order[0] : source.first(turn);
    }

    private PooledEndpoint[] order() {
        if (order == null) {
            order = source.order(ceiling, turn);
            tried = new boolean[order.length];
            tried[0] = firstTried;
        }
        return order;
    }

    private PooledEndpoint handOut(PooledEndpoint e, Permit p, long delay) {
        attempts++;
        current = e;
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
        for (PooledEndpoint e : order()) {
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
