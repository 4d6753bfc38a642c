package io.llmrouter.core.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} answers, whatever it keeps its counters in: the lease rule (grants up to the limit,
 * the tail shared out in halves, debts added past it), slots up to a fleet-wide maximum, give-backs, and nano-USD
 * counts near the largest budget. Public, with public cases, so that the application's stores run it from their own
 * packages.
 */
public abstract class StateStoreContractTest {

    static final long WINDOW = Instant.parse("2026-12-06T11:42:00Z").toEpochMilli();
    static final long TTL = 120_000;
    /** Only detects a hang: the local store answers at once, Redis within milliseconds. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** A store with no counters yet. */
    protected abstract StateStore store();

    private static MeterKey key(Dimension d) {
        return new MeterKey("acme", MeterKey.TENANT, d);
    }

    private static Grant lease(StateStore s, long limit, long want, long debt, long spent) {
        return s.lease(new LeaseRequest(key(Dimension.REQUESTS), WINDOW, limit, want, debt, spent, TTL))
                .await().indefinitely();
    }

    @Test
    public void leasesGrantUpToTheLimitAndShareTheTailInHalves() {
        StateStore s = store();
        assertEquals(new Grant(50, 50), lease(s, 100, 60, 0, 0));
        assertEquals(new Grant(25, 75), lease(s, 100, 60, 0, 0));
        assertEquals(new Grant(12, 87), lease(s, 100, 60, 0, 0));
        long[] tail = {6, 3, 2, 1, 1, 0};
        long claimed = 87;
        for (long g : tail) {
            claimed += g;
            assertEquals(new Grant(g, claimed), lease(s, 100, 60, 0, 0));
        }
        assertEquals(100, claimed);
    }

    @Test
    public void debtsAreAddedWhateverTheLimitAndSpentIsOnlyRecorded() {
        StateStore s = store();
        assertEquals(new Grant(5, 5), lease(s, 10, 5, 0, 3));
        assertEquals(new Grant(0, 17), lease(s, 10, 5, 12, 7), "a debt past the limit grants nothing");
        assertEquals(new Grant(0, 17), lease(s, 10, 0, 0, 0));
    }

    @Test
    public void windowsAndMetersAreCountedApart() {
        StateStore s = store();
        lease(s, 10, 4, 0, 0);
        assertEquals(new Grant(4, 4), s.lease(new LeaseRequest(key(Dimension.REQUESTS), WINDOW + 60_000, 10, 4, 0, 0,
                TTL)).await().indefinitely());
        assertEquals(new Grant(4, 4), s.lease(new LeaseRequest(key(Dimension.TOKENS), WINDOW, 10, 4, 0, 0, TTL))
                .await().indefinitely());
    }

    /** Takes one unit at a time until {@code m} refuses; the units taken. */
    private static int takeAll(Meter m, long now) {
        int taken = 0;
        while (m.take(1, now).await().atMost(PATIENCE) != null) {
            taken++;
        }
        return taken;
    }

    /** What the store counts as claimed in the window: a lease that asks for nothing reads it. */
    private static long claimed(StateStore s, long limit, long windowStart) {
        return s.lease(new LeaseRequest(key(Dimension.REQUESTS), windowStart, limit, 0, 0, 0, TTL)).await()
                .atMost(PATIENCE).claimed();
    }

    @Test
    public void aQuietReplicasIdleLeaseGoesBackToAnotherReplica() {
        StateStore s = store();
        ManualWallClock clock = new ManualWallClock(Instant.ofEpochMilli(WINDOW + 1_000));
        long limit = 40;
        long idle = 10_000;
        Meter a = new Meter(key(Dimension.REQUESTS), limit, Window.MINUTE, s, StoreFailure.FAIL_OPEN, clock, 0.5);
        Meter b = new Meter(key(Dimension.REQUESTS), limit, Window.MINUTE, s, StoreFailure.FAIL_OPEN, clock, 0.5);
        long now = clock.millis();
        for (int i = 0; i < 30; i++) {
            assertTrue(a.take(1, now).await().atMost(PATIENCE) != null, "within the limit");
        }
        int usedByA = 30;
        Eventually.await(PATIENCE, () -> !a.renewing(), () -> "a's renewal ahead of need never ended");
        int beforeGiveBack = takeAll(b, now);
        long parked = limit - usedByA - beforeGiveBack;
        assertTrue(parked > 0, "replica a holds units it does not use: " + parked);
        double usedShare = a.used();

        clock.advance(Duration.ofMillis(idle - 1));
        assertEquals(0, a.giveBackIfIdle(idle), "not idle long enough");
        clock.advance(Duration.ofMillis(1));
        assertEquals(parked, a.giveBackIfIdle(idle));
        assertEquals(0, a.giveBackIfIdle(idle), "given back once");
        assertEquals(usedShare, a.used(), "what a knows it used is unchanged");
        Eventually.await(PATIENCE, () -> claimed(s, limit, WINDOW) == usedByA + beforeGiveBack,
                () -> "the store never got the units back");

        int afterGiveBack = takeAll(b, clock.millis());
        assertEquals(parked, afterGiveBack, "replica b gets what a parked");
        assertEquals(limit, usedByA + beforeGiveBack + afterGiveBack, "the window admits its limit, exactly");
    }

    @Test
    public void aLeaseOfAnEndedWindowIsNotGivenBack() {
        StateStore s = store();
        ManualWallClock clock = new ManualWallClock(Instant.ofEpochMilli(WINDOW + 1_000));
        Meter a = new Meter(key(Dimension.REQUESTS), 40, Window.MINUTE, s, StoreFailure.FAIL_OPEN, clock, 0.5);
        for (int i = 0; i < 8; i++) {
            a.take(1, clock.millis()).await().atMost(PATIENCE);
        }
        Eventually.await(PATIENCE, () -> !a.renewing(), () -> "a's renewal ahead of need never ended");
        long claimed = claimed(s, 40, WINDOW);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, a.giveBackIfIdle(10_000));
        assertEquals(claimed, claimed(s, 40, WINDOW));
    }

    @Test
    public void givingBackNeverTakesTheCounterBelowZero() {
        StateStore s = store();
        lease(s, 100, 10, 0, 0);
        s.giveBack(key(Dimension.REQUESTS), WINDOW, 4).await().indefinitely();
        assertEquals(new Grant(10, 16), lease(s, 100, 10, 0, 0));
        s.giveBack(key(Dimension.REQUESTS), WINDOW, 1_000).await().indefinitely();
        assertEquals(new Grant(10, 10), lease(s, 100, 10, 0, 0));
    }

    @Test
    public void slotsAreGrantedUpToTheMaximumAndGivenBack() {
        StateStore s = store();
        MeterKey conc = key(Dimension.CONCURRENCY);
        assertEquals(new Grant(3, 3), s.slots(new SlotRequest(conc, 3, 4)).await().indefinitely());
        assertEquals(new Grant(1, 4), s.slots(new SlotRequest(conc, 3, 4)).await().indefinitely());
        assertEquals(new Grant(0, 4), s.slots(new SlotRequest(conc, 1, 4)).await().indefinitely());
        assertEquals(new Grant(-2, 2), s.slots(new SlotRequest(conc, -2, 4)).await().indefinitely());
        assertEquals(new Grant(-2, 0), s.slots(new SlotRequest(conc, -5, 4)).await().indefinitely());
    }

    @Test
    public void nanoDollarCountsStayExactNearTheLargestBudget() {
        StateStore s = store();
        long limit = Units.nanos(Units.MAX_BUDGET_USD);
        MeterKey budget = key(Dimension.BUDGET);
        Grant first = s.lease(new LeaseRequest(budget, WINDOW, limit, limit - 1, 0, 0, TTL)).await().indefinitely();
        assertEquals(limit / 2, first.granted());
        Grant second = s.lease(new LeaseRequest(budget, WINDOW, limit, 0, limit / 2 - 7, 0, TTL))
                .await().indefinitely();
        assertEquals(limit - 7, second.claimed());
    }
}
