package io.llmrouter.core.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
