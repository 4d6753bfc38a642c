package io.llmrouter.core.governance;

import io.smallrye.mutiny.Uni;

/**
 * Where meters claim capacity: the counters of every window and the slots of every concurrency limit, shared by all
 * replicas that use the same store. Meters ask only to renew a lease, ahead of time, so most calls never reach the
 * store. Implementations never block the caller: {@link LocalStateStore} answers at once, a networked store on its
 * event loop. A failed Uni means the store could not answer; meters then apply the tenant's {@link StoreFailure}.
 */
public interface StateStore {

    /**
     * How a lease shares the tail of a window: never more than {@code 1/TAIL_SPLIT} of what remains at once, so the
     * last units are spread over the replicas that still need them.
     */
    long TAIL_SPLIT = 2;

    /**
     * Claims units of a window: grants {@code min(want, max(1, remaining / TAIL_SPLIT))} while
     * {@code remaining = limit - claimed - debt > 0}, else 0; adds debt and grant to the claimed count and
     * {@code spent} to the spent count, both kept at least {@code ttlMillis}.
     */
    Uni<Grant> lease(LeaseRequest request);

    /** Gives unused units of a window back (an idle lease, shutdown): subtracts at most what is claimed. */
    Uni<Void> giveBack(MeterKey meter, long windowStart, long units);

    /** Changes this replica's concurrency slots; see {@link SlotRequest}. */
    Uni<Grant> slots(SlotRequest request);

    /** Replicas sharing this store as last seen (1 for a local store); sizes the local share when it fails. */
    int replicas();

    /** {@code local}, {@code redis}: for health and metrics. */
    String name();
}
