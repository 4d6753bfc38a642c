package io.llmrouter.core.governance;

import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state store of a single instance: counters in memory, answered at once on the caller's thread. The same meters
 * run on it as on a shared store, so a single instance behaves exactly like a fleet of one. A window's counters are
 * dropped once their time to live has passed.
 */
public final class LocalStateStore implements StateStore {

    /** How often expired counters are looked for, at most. */
    private static final long PURGE_INTERVAL_MILLIS = 60_000;

    private final WallClock clock;
    private final Map<WindowKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MeterKey, AtomicLong> slots = new ConcurrentHashMap<>();
    private final AtomicLong nextPurge = new AtomicLong();

    public LocalStateStore(WallClock clock) {
        this.clock = clock;
    }

    @Override
    public Uni<Grant> lease(LeaseRequest r) {
        long now = clock.millis();
        purge(now);
        Counter c = counters.computeIfAbsent(new WindowKey(r.meter(), r.windowStart()), k -> new Counter());
        c.expiresAt = Math.max(c.expiresAt, now + r.ttlMillis());
        if (r.spent() > 0) {
            c.spent.addAndGet(r.spent());
        }
        for (;;) {
            long claimed = c.claimed.get();
            long remaining = r.limit() - claimed - r.debt();
            long granted = r.want() > 0 && remaining > 0 ? Math.min(r.want(), Math.max(1, remaining / TAIL_SPLIT)) : 0;
            long after = claimed + r.debt() + granted;
            if (c.claimed.compareAndSet(claimed, after)) {
                return Uni.createFrom().item(new Grant(granted, after));
            }
        }
    }

    @Override
    public Uni<Void> giveBack(MeterKey meter, long windowStart, long units) {
        Counter c = counters.get(new WindowKey(meter, windowStart));
        if (c != null && units > 0) {
            c.claimed.getAndUpdate(claimed -> claimed - Math.min(Math.max(claimed, 0), units));
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Grant> slots(SlotRequest r) {
        AtomicLong held = slots.computeIfAbsent(r.meter(), k -> new AtomicLong());
        for (;;) {
            long total = held.get();
            long change = r.delta() > 0 ? Math.max(0, Math.min(r.delta(), r.max() - total))
                    : -Math.min(total, -r.delta());
            if (held.compareAndSet(total, total + change)) {
                return Uni.createFrom().item(new Grant(change, total + change));
            }
        }
    }

    @Override
    public int replicas() {
        return 1;
    }

    @Override
    public String name() {
        return "local";
    }

    /** Units claimed in a window so far (tests, reports). */
    public long claimed(MeterKey meter, long windowStart) {
        Counter c = counters.get(new WindowKey(meter, windowStart));
        return c == null ? 0 : c.claimed.get();
    }

    /** Units reported spent in a window so far. */
    public long spent(MeterKey meter, long windowStart) {
        Counter c = counters.get(new WindowKey(meter, windowStart));
        return c == null ? 0 : c.spent.get();
    }

    /** Slots held for a concurrency limit. */
    public long slotsHeld(MeterKey meter) {
        AtomicLong held = slots.get(meter);
        return held == null ? 0 : held.get();
    }

    /** Windows with live counters. */
    public int windows() {
        return counters.size();
    }

    private void purge(long now) {
        long next = nextPurge.get();
        if (now >= next && nextPurge.compareAndSet(next, now + PURGE_INTERVAL_MILLIS)) {
            counters.values().removeIf(c -> c.expiresAt <= now);
        }
    }

    private record WindowKey(MeterKey meter, long windowStart) {
    }

    private static final class Counter {
        final AtomicLong claimed = new AtomicLong();
        final AtomicLong spent = new AtomicLong();
        volatile long expiresAt;
    }
}
