package io.llmrouter.core.governance;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A limit on calls in flight. This replica holds slots granted by the store and admits locally up to what it holds;
 * it asks for a slot only when its level grows past them and gives surplus back when calls end, keeping a small spare
 * ({@code ⌊max / 10 / replicas⌋}) so that a steady level costs no store call. With {@code max} below ten per replica
 * every release gives its slot back: exact, one store call per call end.
 */
public final class SlotMeter {

    /** Verdicts of {@link #acquire}. */
    enum Verdict { ADMITTED, FULL, UNAVAILABLE }

    private static final Uni<Verdict> ADMITTED = Uni.createFrom().item(Verdict.ADMITTED);

    private final MeterKey key;
    private final long max;
    private final StateStore store;
    private final StoreFailure onFailure;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final LongAdder failOpenGrants = new LongAdder();

    public SlotMeter(MeterKey key, long max, StateStore store, StoreFailure onFailure) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        this.key = key;
        this.max = max;
        this.store = store;
        this.onFailure = onFailure;
    }

    public MeterKey key() {
        return key;
    }

    public long max() {
        return max;
    }

    /**
     * Whether {@code other} counts the same way: the same slots, maximum, store and store-failure policy. A reload
     * keeps a meter that counts the same; any other replaces it on the same slots (the calls in flight give theirs
     * back through the old one).
     */
    public boolean countsAs(SlotMeter other) {
        return key.equals(other.key) && max == other.max && onFailure == other.onFailure && store == other.store;
    }

    /** Calls in flight through this replica. */
    public long inFlight() {
        return inFlight.get();
    }

    /** Times the store could not be asked and this replica went on with its share of the slots. */
    public long failOpenGrants() {
        return failOpenGrants.sum();
    }

    /** Takes a slot this replica already holds; false when it holds none spare. */
    boolean tryAcquire() {
        for (;;) {
            long n = inFlight.get();
            if (n >= held.get()) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Takes a slot, asking the store for one when this replica holds none spare. */
    Uni<Verdict> acquire() {
        if (tryAcquire()) {
            return ADMITTED;
        }
        return store.slots(new SlotRequest(key, 1, max)).map(grant -> {
            held.addAndGet(grant.granted());
            return tryAcquire() ? Verdict.ADMITTED : Verdict.FULL;
        }).onFailure().recoverWithItem(failure -> {
            if (onFailure == StoreFailure.FAIL_CLOSED) {
                return Verdict.UNAVAILABLE;
            }
            // Counting locally: this replica's share of the limit.
            long share = Math.max(1, -Math.floorDiv(-max, Math.max(1, store.replicas())));
            held.accumulateAndGet(share, Math::max);
            failOpenGrants.increment();
            return tryAcquire() ? Verdict.ADMITTED : Verdict.FULL;
        });
    }

    /** Gives a slot back when a call ends; surplus over the spare goes back to the store. */
    void release() {
        long level = inFlight.decrementAndGet();
        long spare = max / 10 / Math.max(1, store.replicas());
        for (;;) {
            long h = held.get();
            long surplus = h - level - spare;
            if (surplus <= 0) {
                return;
            }
            if (held.compareAndSet(h, h - surplus)) {
                store.slots(new SlotRequest(key, -surplus, max)).subscribe().with(ok -> { }, failure -> { });
                return;
            }
        }
    }
}
