package io.llmrouter.core.governance;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A windowed limit (requests or tokens per minute, a budget per period) served from a local lease of the store's
 * capacity. A call takes units from the lease with one atomic add; the store is asked only when the lease runs low
 * (ahead of time, without waiting) or is empty, and one renewal at a time per meter: concurrent takers share it.
 *
 * <p>A take is admitted while the lease is positive. A request takes one unit, so a window never admits more requests
 * than its limit. Tokens and budgets reserve their estimate even past zero (a debt, claimed with the next renewal):
 * a budget whose last cents are smaller than one call's estimate would otherwise refuse forever at the tail.
 * A settlement corrects the reservation by what the call really used. Figures and bounds: docs/operations.md.
 */
public final class Meter {

    /** Largest share of a limit one lease may hold, unless configured otherwise. */
    public static final double DEFAULT_LEASE_FRACTION = 0.05;
    /** Largest lease fraction allowed: a lease of half the limit already leaves the other replicas only the rest. */
    public static final double MAX_LEASE_FRACTION = 0.5;
    /** After the store granted nothing, the meter refuses locally this long at most (or to the window's end). */
    static final long EXHAUSTED_MEMORY_MILLIS = 1000;
    /** A counter outlives its window by this much (late flushes still land). */
    private static final long WINDOW_MARGIN_MILLIS = 60_000;
    /** A budget period's counter outlives the period by a day: late debts of long calls still count where they began. */
    private static final long PERIOD_MARGIN_MILLIS = 86_400_000;
    private static final long SECOND = 1000;
    /** Renewals one take may wait for when others took what the shared renewal granted. */
    private static final int RENEWALS_PER_TAKE = 4;

    /** Returned by a take when the store could not be asked and the tenant fails closed. */
    static final Lease UNAVAILABLE = new Lease(Long.MIN_VALUE, Long.MIN_VALUE);
    private static final Lease NONE = new Lease(Long.MIN_VALUE, Long.MIN_VALUE);

    private final MeterKey key;
    private final long limit;
    private final Window window;
    private final StateStore store;
    private final StoreFailure onFailure;
    private final WallClock clock;
    private final long maxLease;
    private final AtomicReference<Lease> lease = new AtomicReference<>(NONE);
    private final AtomicReference<CompletableFuture<Boolean>> renewal = new AtomicReference<>();
    private volatile long exhaustedUntil;
    private final AtomicLong usedThisSecond = new AtomicLong();
    private volatile long second;
    private volatile long usedLastSecond;
    private final LongAdder lateCorrections = new LongAdder();
    private final LongAdder failOpenGrants = new LongAdder();

    /**
     * @param leaseFraction the largest share of {@code limit} one lease holds (0 &lt; f ≤ 0.5)
     */
    public Meter(MeterKey key, long limit, Window window, StateStore store, StoreFailure onFailure, WallClock clock,
                 double leaseFraction) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (!(leaseFraction > 0 && leaseFraction <= MAX_LEASE_FRACTION)) {
            throw new IllegalArgumentException("lease fraction must be more than 0 and at most 0.5, got "
                    + leaseFraction);
        }
        this.key = key;
        this.limit = limit;
        this.window = window;
        this.store = store;
        this.onFailure = onFailure;
        this.clock = clock;
        this.maxLease = Math.max(1, (long) Math.ceil(leaseFraction * limit));
    }

    public MeterKey key() {
        return key;
    }

    public long limit() {
        return limit;
    }

    public Window window() {
        return window;
    }

    /** What the meter does while the store cannot be asked. */
    public StoreFailure onFailure() {
        return onFailure;
    }

    /**
     * Whether {@code other} counts the same way: the same counters, limit, window and store-failure policy. A reload
     * keeps a meter that counts the same; any other replaces it on the same counters.
     */
    public boolean countsAs(Meter other) {
        return key.equals(other.key) && limit == other.limit && window.equals(other.window)
                && onFailure == other.onFailure && maxLease == other.maxLease && store == other.store;
    }

    /**
     * Leaves the meter to the calls still holding it, when a reload replaced it with one on the same counters: the
     * units of its lease nobody took go back to the store, and the calls that took from it settle as after the end of
     * their window (a budget's excess still reaches the store). A lease holding a local share gives nothing back:
     * the store never granted those units.
     */
    public void retire() {
        Lease l = lease.getAndSet(NONE);
        if (l == NONE) {
            return;
        }
        long n = l.available.getAndUpdate(a -> Math.min(a, 0));
        if (n > 0 && l.share.get() == 0) {
            store.giveBack(key, l.windowStart, n).subscribe().with(ok -> { }, failure -> { });
        }
        flush(l, Math.max(0, -l.available.get()), clock.millis());
    }

    /** The most units one lease holds: {@code ⌈leaseFraction · limit⌉}, at least 1. */
    public long maxLease() {
        return maxLease;
    }

    /**
     * Takes {@code n} units now if the lease holds them; null when the store must be asked first (or the limit is
     * reached). Two atomic operations on the common path, no allocation.
     */
    Lease tryTake(long n, long now) {
        Lease l = current(now);
        long before = l.available.getAndAdd(-n);
        if (before > 0) {
            used(n, now);
            l.lastUse = now;
            if (before - n < l.lastGrant >> 2 || l.share.get() > 0 && now >= l.shareCheckAt) {
                renew(l, now);
            }
            return l;
        }
        l.available.getAndAdd(n);
        return null;
    }

    /**
     * Takes {@code n} units, asking the store when the lease is empty: the lease taken from, null when the limit is
     * reached, {@link #UNAVAILABLE} when the store cannot be asked and the tenant fails closed.
     */
    Uni<Lease> take(long n, long now) {
        return take(n, now, RENEWALS_PER_TAKE);
    }

    private Uni<Lease> take(long n, long now, int renewals) {
        Lease l = tryTake(n, now);
        if (l != null) {
            return Uni.createFrom().item(l);
        }
        if (now < exhaustedUntil) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().completionStage(renew(current(now), now)).flatMap(answered -> {
            Lease taken = tryTake(n, now);
            if (taken != null) {
                return Uni.createFrom().item(taken);
            }
            if (!answered) {
                return onFailure == StoreFailure.FAIL_OPEN ? Uni.createFrom().nullItem()
                        : Uni.createFrom().item(UNAVAILABLE);
            }
            // Takers that shared a renewal may find its grant taken by the others: ask again while the store grants.
            return renewals > 1 ? take(n, now, renewals - 1) : Uni.createFrom().nullItem();
        });
    }

    /**
     * Corrects a reservation of {@code reserved} units taken from {@code l} by what the call really used:
     * {@code actual} (0 gives the reservation back). Past the lease's window a budget's difference still goes to
     * the period the call began in; a rate's is dropped and counted as a late correction.
     */
    void settle(Lease l, long reserved, long actual) {
        if (l == null || l == UNAVAILABLE) {
            return;
        }
        long delta = actual - reserved;
        if (actual > 0) {
            l.unflushedSpent.addAndGet(actual);
        }
        if (lease.get() == l) {
            if (delta > 0) {
                l.available.addAndGet(-delta);
            } else if (delta < 0) {
                refund(l, -delta);
            }
            return;
        }
        if (delta > 0) {
            lateCorrections.increment();
        }
        if (key.dimension() == Dimension.BUDGET) {
            flush(l, Math.max(0, delta), clock.millis());
        }
    }

    /**
     * Units a call reserved and did not use. Those the store counted past the limit (a reservation claimed as debt)
     * go back to the store; only the rest returns to the lease, so that a refund never makes capacity the limit does
     * not have.
     */
    private void refund(Lease l, long units) {
        long back;
        for (;;) {
            long claimed = l.claimed.get();
            back = Math.max(0, Math.min(units, claimed - limit));
            if (back == 0 || l.claimed.compareAndSet(claimed, claimed - back)) {
                break;
            }
        }
        if (back > 0) {
            store.giveBack(key, l.windowStart, back).subscribe().with(ok -> { }, failure -> { });
        }
        if (units > back) {
            l.available.addAndGet(units - back);
        }
    }

    /** Share of the limit used in the current window, as far as this replica knows (exact on a local store). */
    public double used() {
        return (double) usedUnits() / limit;
    }

    /**
     * Units used in the current window as far as this replica knows: what the store had claimed for the whole fleet at
     * this replica's last renewal, less what this replica's lease still holds. Exact on a local store; with a shared
     * store it leaves out what the others claimed since then, and counts their unused leases as used.
     */
    public long usedUnits() {
        Lease l = current(clock.millis());
        return l.claimed.get() - l.available.get();
    }

    /**
     * Corrections past a reservation that arrived after their window had ended: a token rate's are dropped, a budget's
     * still count in the period the call began in.
     */
    public long lateCorrections() {
        return lateCorrections.sum();
    }

    /** Times the store could not be asked and the meter went on with its local share. */
    public long failOpenGrants() {
        return failOpenGrants.sum();
    }

    /**
     * Gives the lease's unused units back to the store when nothing was taken from it for {@code idleMillis}, so a
     * quiet replica does not park capacity that others need; a lease of a window that has ended is left alone (its
     * counter is no one's to take from any more), and so is one holding a local share (units the store never
     * granted). Called by a timer, never on a call's path. Returns the units given back.
     */
    public long giveBackIfIdle(long idleMillis) {
        long now = clock.millis();
        Lease l = lease.get();
        if (l == NONE || now - l.lastUse < idleMillis || now >= l.windowEnd || renewal.get() != null
                || l.share.get() > 0) {
            return 0;
        }
        long n = l.available.getAndUpdate(a -> Math.min(a, 0));
        if (n > 0) {
            // What this replica knows as claimed drops with it: the share used stays what it was.
            l.claimed.addAndGet(-n);
            store.giveBack(key, l.windowStart, n).subscribe().with(ok -> { }, failure -> { });
        }
        return Math.max(0, n);
    }

    /** Whether a renewal of the lease is in flight. */
    boolean renewing() {
        return renewal.get() != null;
    }

    /** The lease of the window containing {@code now}; a new window starts with an empty lease. */
    private Lease current(long now) {
        Lease l = lease.get();
        if (now >= l.windowStart && now < l.windowEnd) {
            return l;
        }
        Lease fresh = new Lease(window.start(now), window.end(now));
        fresh.lastUse = now;
        if (lease.compareAndSet(l, fresh)) {
            if (l != NONE && l.unflushedSpent.get() > 0) {
                flush(l, 0, now);
            }
            return fresh;
        }
        return lease.get();
    }

    /** Sends a window's debt and spent units without asking for more. */
    private void flush(Lease l, long debt, long now) {
        long spent = l.unflushedSpent.getAndSet(0);
        if (debt == 0 && spent == 0) {
            return;
        }
        store.lease(new LeaseRequest(key, l.windowStart, limit, 0, debt, spent, ttl(l, now)))
                .subscribe().with(ok -> { }, failure -> l.unflushedSpent.addAndGet(spent));
    }

    /**
     * Renews {@code l} unless a renewal is in flight (then shares it). Completes with whether the store answered;
     * a renewal never fails.
     */
    private CompletableFuture<Boolean> renew(Lease l, long now) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = renewal.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        long debt = Math.max(0, -l.available.get());
        long spent = l.unflushedSpent.getAndSet(0);
        long want = Math.min(maxLease, Math.max(1, 2 * usedLastSecond(now)));
        store.lease(new LeaseRequest(key, l.windowStart, limit, want, debt, spent, ttl(l, now))).subscribe().with(
                grant -> {
                    l.claimed.set(grant.claimed());
                    l.lastGrant = grant.granted();
                    // A local share taken while the store was away is the store's no more: what is left of it goes,
                    // what was used of it becomes a debt, claimed with the next renewal.
                    long share = l.share.getAndSet(0);
                    l.localShare = false;
                    l.available.addAndGet(debt + grant.granted() - share);
                    if (grant.granted() == 0) {
                        exhaustedUntil = Math.min(l.windowEnd, now + EXHAUSTED_MEMORY_MILLIS);
                    }
                    renewal.set(null);
                    mine.complete(true);
                },
                failure -> {
                    l.unflushedSpent.addAndGet(spent);
                    if (onFailure == StoreFailure.FAIL_OPEN && !l.localShare) {
                        l.localShare = true;
                        long share = Math.max(0, -Math.floorDiv(-(limit - l.claimed.get()),
                                Math.max(1, store.replicas())));
                        l.share.set(share);
                        l.claimed.addAndGet(share);
                        l.available.addAndGet(share);
                        failOpenGrants.increment();
                    }
                    // The store is asked again a second later by the next take, whatever the lease holds.
                    l.shareCheckAt = now + EXHAUSTED_MEMORY_MILLIS;
                    renewal.set(null);
                    mine.complete(false);
                });
        return mine;
    }

    private long ttl(Lease l, long now) {
        long margin = key.dimension() == Dimension.BUDGET ? PERIOD_MARGIN_MILLIS : WINDOW_MARGIN_MILLIS;
        return Math.max(0, l.windowEnd - now) + margin;
    }

    private void used(long n, long now) {
        long s = now / SECOND;
        if (s != second) {
            usedLastSecond = s == second + 1 ? usedThisSecond.getAndSet(0) : 0;
            second = s;
        }
        usedThisSecond.addAndGet(n);
    }

    /** Use over the last second: the busier of the previous second and the current one so far. */
    private long usedLastSecond(long now) {
        long s = now / SECOND;
        long current = usedThisSecond.get();
        return s == second ? Math.max(usedLastSecond, current) : s == second + 1 ? current : 0;
    }

    /** The units this replica holds of one window. */
    static final class Lease {
        final long windowStart;
        final long windowEnd;
        final AtomicLong available = new AtomicLong();
        final AtomicLong unflushedSpent = new AtomicLong();
        /** The store's claimed count at the last grant, plus any local share, less what was given back since. */
        final AtomicLong claimed = new AtomicLong();
        volatile long lastGrant;
        volatile long lastUse;
        volatile boolean localShare;
        /** Units of a local share not yet reconciled with the store: part of {@link #available}, unknown to it. */
        final AtomicLong share = new AtomicLong();
        /** When a take next asks the store whether it answers again, while a local share is held. */
        volatile long shareCheckAt;

        Lease(long windowStart, long windowEnd) {
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
        }
    }
}
