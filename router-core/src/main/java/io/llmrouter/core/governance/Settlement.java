package io.llmrouter.core.governance;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one admitted call holds of its tenant's and key's limits: slots, a request unit, reserved tokens and budget.
 * The call reserves tokens and budget once its request is decoded ({@link #reserve}), and settles exactly once when it
 * ends ({@link #settle}: an answer, a stream's end or cancellation, a failure), which corrects the reservations by
 * what it really used and gives its slots back. Index 0 is the tenant's scope, 1 the key's.
 */
public final class Settlement {

    final Governor governor;
    final long admittedAt;
    final SlotMeter[] slots = new SlotMeter[2];
    final Meter.Lease[] requests = new Meter.Lease[2];
    final Meter.Lease[] tokens = new Meter.Lease[2];
    final long[] tokensReserved = new long[2];
    final Meter.Lease[] budget = new Meter.Lease[2];
    final long[] budgetReserved = new long[2];
    private final AtomicBoolean settled = new AtomicBoolean();
    private String softScopes;
    private double usedPercent;
    private long resetsAt = -1;
    private double ceiling = Double.NaN;

    Settlement(Governor governor, long admittedAt) {
        this.governor = governor;
        this.admittedAt = admittedAt;
    }

    /**
     * The budgets' state at admission: which scopes are past their soft threshold, and the input price ceiling that
     * applies (the lower of the scopes' {@code downgrade-max-input-price} among those past it); NaN when the call is
     * not restricted. Asked before the call is planned.
     */
    public double priceCeiling() {
        governor.soft(this);
        return ceiling;
    }

    /**
     * Reserves {@code tokens} (the input estimate) against the token rates and {@code costNanos} (the planned
     * endpoint's estimated cost) against the budgets. A refusal gives back everything this call held.
     */
    public Uni<Pass> reserve(long tokens, long costNanos) {
        return governor.stageB(this, 0, tokens, costNanos);
    }

    /**
     * Settles the call: {@code tokens} input and output tokens used and {@code costUsd} spent (both 0 when no
     * upstream answered). Only the first call counts.
     */
    public void settle(long tokens, double costUsd) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        long nanos = Units.nanos(costUsd);
        for (int i = 0; i < 2; i++) {
            ScopeLimits scope = governor.scope(i);
            if (scope == null) {
                continue;
            }
            if (this.tokens[i] != null) {
                scope.tokens().settle(this.tokens[i], tokensReserved[i], tokens);
            }
            if (budget[i] != null) {
                scope.budget().settle(budget[i], budgetReserved[i], nanos);
            }
            if (slots[i] != null) {
                slots[i].release();
            }
        }
    }

    /** Gives back everything the call held, its request unit too: governance refused it, it never ran. */
    void cancel() {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < 2; i++) {
            ScopeLimits scope = governor.scope(i);
            if (scope == null) {
                continue;
            }
            if (requests[i] != null) {
                scope.requests().settle(requests[i], 1, 0);
            }
            if (tokens[i] != null) {
                scope.tokens().settle(tokens[i], tokensReserved[i], 0);
            }
            if (budget[i] != null) {
                scope.budget().settle(budget[i], budgetReserved[i], 0);
            }
            if (slots[i] != null) {
                slots[i].release();
            }
        }
    }

    /** Whether it has been settled (or cancelled). */
    public boolean settled() {
        return settled.get();
    }

    /** The scopes past their budget's soft threshold ({@code tenant}, {@code key}, {@code tenant,key}); null if none. */
    public String softScopes() {
        return softScopes;
    }

    /** The highest share of a budget used, in percent, among the scopes past their soft threshold. */
    public double usedPercent() {
        return usedPercent;
    }

    /** When the soonest budget past its soft threshold resets, milliseconds since the epoch; -1 when none is. */
    public long resetsAt() {
        return resetsAt;
    }

    /** The price ceiling the call was planned under, USD per 1K input tokens; NaN when not downgraded. */
    public double ceiling() {
        return ceiling;
    }

    /** The tenant's name. */
    public String tenant() {
        return governor.tenant();
    }

    void soft(String scope, double percent, long resets, double downgrade) {
        softScopes = softScopes == null ? scope : softScopes + "," + scope;
        usedPercent = Math.max(usedPercent, percent);
        resetsAt = resetsAt < 0 ? resets : Math.min(resetsAt, resets);
        if (!Double.isNaN(downgrade)) {
            ceiling = Double.isNaN(ceiling) ? downgrade : Math.min(ceiling, downgrade);
        }
    }
}
