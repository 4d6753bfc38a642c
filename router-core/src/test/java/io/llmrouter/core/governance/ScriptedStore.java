package io.llmrouter.core.governance;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link LocalStateStore} that tests can script: it counts the calls that reach it, can hold its answers until
 * released (a store on the network answers later) and can fail (an unreachable store).
 */
final class ScriptedStore implements StateStore {

    final LocalStateStore local;
    final AtomicInteger leases = new AtomicInteger();
    final AtomicInteger slotCalls = new AtomicInteger();
    final AtomicInteger givebacks = new AtomicInteger();
    volatile boolean down;
    /** Operations that fail before the store answers again: one slow or lost answer, not an outage. */
    final AtomicInteger failures = new AtomicInteger();
    volatile CompletableFuture<Void> gate;
    volatile int replicas = 1;

    ScriptedStore(WallClock clock) {
        local = new LocalStateStore(clock);
    }

    /** Holds every answer from now on until the returned future completes. */
    CompletableFuture<Void> hold() {
        CompletableFuture<Void> g = new CompletableFuture<>();
        gate = g;
        return g;
    }

    private <T> Uni<T> answer(Uni<T> answer) {
        if (down || failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Uni.createFrom().failure(new IllegalStateException("store down"));
        }
        CompletableFuture<Void> g = gate;
        return g == null ? answer : Uni.createFrom().completionStage(g).flatMap(x -> answer);
    }

    @Override
    public Uni<Grant> lease(LeaseRequest request) {
        leases.incrementAndGet();
        return answer(Uni.createFrom().deferred(() -> local.lease(request)));
    }

    @Override
    public Uni<Void> giveBack(MeterKey meter, long windowStart, long units) {
        givebacks.incrementAndGet();
        return answer(Uni.createFrom().deferred(() -> local.giveBack(meter, windowStart, units)));
    }

    @Override
    public Uni<Grant> slots(SlotRequest request) {
        slotCalls.incrementAndGet();
        return answer(Uni.createFrom().deferred(() -> local.slots(request)));
    }

    @Override
    public int replicas() {
        return replicas;
    }

    @Override
    public String name() {
        return "scripted";
    }
}
