package io.llmrouter.core.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MeterTest {

    private static final Instant START = Instant.parse("2026-12-06T11:42:10Z");
    private final ManualWallClock clock = new ManualWallClock(START);
    private final ScriptedStore store = new ScriptedStore(clock);

    private Meter meter(Dimension dimension, long limit, Window window, StoreFailure onFailure) {
        return new Meter(new MeterKey("acme", MeterKey.TENANT, dimension), limit, window, store, onFailure, clock,
                Meter.DEFAULT_LEASE_FRACTION);
    }

    private Meter requests(long limit) {
        return meter(Dimension.REQUESTS, limit, Window.MINUTE, StoreFailure.FAIL_OPEN);
    }

    private static Meter.Lease now(Uni<Meter.Lease> taken) {
        return taken.await().indefinitely();
    }

    private Meter.Lease take(Meter m, long n) {
        return now(m.take(n, clock.millis()));
    }

    @Test
    void requestsAreAdmittedExactlyUpToTheLimitOfEachMinute() {
        Meter m = requests(3);
        for (int i = 0; i < 3; i++) {
            assertNotNull(take(m, 1), "call " + i);
        }
        assertNull(take(m, 1));
        assertNull(take(m, 1));
        assertEquals(3, store.local.claimed(m.key(), Window.MINUTE.start(clock.millis())));
        clock.set(Instant.parse("2026-12-06T11:43:00Z"));
        assertNotNull(take(m, 1), "a new minute starts a new window");
    }

    @Test
    void aBusyMeterRenewsRarelyAndAheadOfNeed() {
        Meter m = requests(100_000);
        int admitted = 0;
        for (int i = 0; i < 2_000; i++) {
            if (i % 100 == 0) {
                clock.advance(Duration.ofMillis(50));
            }
            admitted += take(m, 1) != null ? 1 : 0;
        }
        assertEquals(2_000, admitted);
        assertTrue(store.leases.get() < 100, "store asked " + store.leases.get() + " times for 2,000 calls");
    }

    @Test
    void tokensReserveTheEstimateAndAreCorrectedByRealUse() {
        Meter m = meter(Dimension.TOKENS, 1_000, Window.MINUTE, StoreFailure.FAIL_OPEN);
        Meter.Lease l = take(m, 600);
        assertNotNull(l);
        m.settle(l, 600, 900);
        assertEquals(0.9, m.used(), 1e-9);
        long reserved = 900;
        for (int i = 0; i < 100 && take(m, 20) != null; i++) {
            reserved += 20;
        }
        assertTrue(reserved >= 1_000 && reserved < 1_020, "admitted while the lease was positive: " + reserved);
        assertNull(take(m, 1));
        m.settle(l, 0, 0);
        long window = Window.MINUTE.start(clock.millis());
        assertTrue(store.local.claimed(m.key(), window) >= 900, "the debt of the correction reached the store");
    }

    @Test
    void givingAReservationBackFreesItForTheNextCall() {
        Meter m = meter(Dimension.TOKENS, 100, Window.MINUTE, StoreFailure.FAIL_OPEN);
        Meter.Lease l = take(m, 100);
        assertNull(take(m, 1));
        m.settle(l, 100, 0);
        assertEquals(0.0, m.used(), 1e-9, "nothing was used");
        clock.advance(Duration.ofSeconds(2));
        assertNotNull(take(m, 1));
    }

    @Test
    void concurrentTakersShareOneRenewal() {
        Meter m = requests(10);
        CompletableFuture<Void> gate = store.hold();
        Uni<Meter.Lease> first = m.take(1, clock.millis()).memoize().indefinitely();
        Uni<Meter.Lease> second = m.take(1, clock.millis()).memoize().indefinitely();
        CompletableFuture<Meter.Lease> a = first.subscribeAsCompletionStage();
        CompletableFuture<Meter.Lease> b = second.subscribeAsCompletionStage();
        assertEquals(1, store.leases.get(), "one renewal in flight");
        store.gate = null;
        gate.complete(null);
        assertNotNull(a.join());
        assertNotNull(b.join(), "the second taker asked again when the first took the shared grant");
        assertEquals(2, store.local.claimed(m.key(), Window.MINUTE.start(clock.millis())));
    }

    @Test
    void aStoreThatGrantedNothingIsNotAskedAgainForASecond() {
        Meter m = requests(1);
        assertNotNull(take(m, 1));
        assertNull(take(m, 1));
        int asked = store.leases.get();
        assertNull(take(m, 1));
        assertNull(take(m, 1));
        assertEquals(asked, store.leases.get(), "refused locally");
        clock.advance(Duration.ofMillis(1_001));
        assertNull(take(m, 1));
        assertEquals(asked + 1, store.leases.get(), "asked again after a second");
    }

    @Test
    void anIdleLeaseIsGivenBack() {
        Meter m = requests(1_000);
        for (int i = 0; i < 40; i++) {
            take(m, 1);
        }
        long window = Window.MINUTE.start(clock.millis());
        long claimed = store.local.claimed(m.key(), window);
        assertTrue(claimed > 40, "the lease holds spare units: " + claimed);
        m.giveBackIfIdle(10_000);
        assertEquals(claimed, store.local.claimed(m.key(), window), "not idle yet");
        clock.advance(Duration.ofSeconds(10));
        m.giveBackIfIdle(10_000);
        assertEquals(40, store.local.claimed(m.key(), window));
    }

    @Test
    void failingOpenCountsOnALocalShareOfWhatWasLeft() {
        Meter m = requests(10);
        store.replicas = 2;
        store.down = true;
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += take(m, 1) != null ? 1 : 0;
        }
        assertEquals(5, admitted, "half of the limit for one of two replicas");
        assertEquals(1, m.failOpenGrants());
    }

    @Test
    void failingClosedServesWhatWasGrantedAndRefusesWhatNeedsTheStore() {
        Meter m = meter(Dimension.REQUESTS, 1_000, Window.MINUTE, StoreFailure.FAIL_CLOSED);
        for (int i = 0; i < 10; i++) {
            take(m, 1);
        }
        store.down = true;
        int served = 0;
        Meter.Lease last;
        while ((last = take(m, 1)) != Meter.UNAVAILABLE) {
            assertNotNull(last);
            served++;
        }
        assertTrue(served > 0, "the lease already granted still served");
        assertSame(Meter.UNAVAILABLE, take(m, 1));
    }

    @Test
    void aSingleFailedRenewalRefusesTheCallThatNeededItWhenFailingClosed() {
        Meter m = meter(Dimension.REQUESTS, 1_000, Window.MINUTE, StoreFailure.FAIL_CLOSED);
        store.failures.set(1);
        assertSame(Meter.UNAVAILABLE, take(m, 1), "the call that needed the store");
        assertNotNull(take(m, 1), "the next call asks again, and the store answers");
        assertEquals(0, m.failOpenGrants());
    }

    @Test
    void aSingleFailedRenewalGoesOnWithTheLocalShareWhenFailingOpen() {
        Meter m = requests(10);
        store.failures.set(1);
        assertNotNull(take(m, 1));
        assertEquals(1, m.failOpenGrants(), "counted: the share is visible in the metrics");
        assertEquals(0, store.local.claimed(m.key(), Window.MINUTE.start(clock.millis())), "the store was not asked");
    }

    @Test
    void aLocalShareIsReconciledOnceTheStoreAnswersAgain() {
        Meter m = requests(1_000);
        store.replicas = 2;
        store.failures.set(1);
        int admitted = 0;
        for (int i = 0; i < 11; i++) {
            admitted += take(m, 1) != null ? 1 : 0;
        }
        assertEquals(1, m.failOpenGrants(), "one late answer: a share of half the limit, for one of two replicas");
        assertEquals(11, admitted);
        clock.advance(Duration.ofSeconds(1));
        int asked = store.leases.get();
        assertNotNull(take(m, 1));
        admitted++;
        assertEquals(asked + 1, store.leases.get(), "a second on, a take asks the store again, the share not used up");
        while (take(m, 1) != null) {
            admitted++;
        }
        assertEquals(1_000, admitted, "the share's units used while the store was away are claimed as a debt, the "
                + "rest is dropped: the window admits its limit, not the limit and a share");
        assertEquals(1_000, store.local.claimed(m.key(), Window.MINUTE.start(clock.millis())));
    }

    @Test
    void aBudgetDebtLandsInThePeriodTheCallBeganIn() {
        Meter m = meter(Dimension.BUDGET, Units.nanos(10), Window.DAY, StoreFailure.FAIL_OPEN);
        long day = Window.DAY.start(clock.millis());
        Meter.Lease l = take(m, Units.nanos(1));
        clock.set(Instant.parse("2026-12-07T00:00:01Z"));
        assertNotNull(take(m, Units.nanos(1)), "a new period");
        m.settle(l, Units.nanos(1), Units.nanos(4));
        assertTrue(store.local.claimed(m.key(), day) >= Units.nanos(4), "the overspend counts on the old day");
        assertEquals(Units.nanos(4), store.local.spent(m.key(), day));
        assertEquals(1, m.lateCorrections(), "late, and still counted where it belongs");
    }

    @Test
    void aTokenCorrectionAfterItsMinuteIsDroppedAndCounted() {
        Meter m = meter(Dimension.TOKENS, 1_000, Window.MINUTE, StoreFailure.FAIL_OPEN);
        Meter.Lease l = take(m, 10);
        clock.advance(Duration.ofMinutes(1));
        take(m, 1);
        m.settle(l, 10, 500);
        assertEquals(1, m.lateCorrections());
    }

    @Test
    void aRetiredMeterGivesItsUnusedLeaseBackAndItsCallsExcessStillReachesTheStore() {
        Meter budget = meter(Dimension.BUDGET, 1_000_000, Window.DAY, StoreFailure.FAIL_OPEN);
        long day = Window.DAY.start(clock.millis());
        Meter.Lease first = take(budget, 10_000);
        Meter.Lease second = take(budget, 10_000);
        long claimed = store.local.claimed(budget.key(), day);
        assertTrue(claimed > 20_000, "the lease holds more than the calls took: " + claimed);
        budget.settle(first, 10_000, claimed);
        budget.retire();
        assertEquals(claimed + 10_000, store.local.claimed(budget.key(), day),
                "what calls took stays claimed, the first call's excess included; the rest went back");
        budget.settle(second, 10_000, 25_000);
        assertEquals(claimed + 25_000, store.local.claimed(budget.key(), day),
                "the excess of a call still in flight is counted");
        Meter successor = meter(Dimension.BUDGET, 2_000_000, Window.DAY, StoreFailure.FAIL_OPEN);
        assertNotNull(take(successor, 1));
        assertTrue(store.local.claimed(budget.key(), day) > claimed + 25_000, "the successor counts on the same "
                + "counters");
    }

    @Test
    void aRetiredMeterGivesBackWhatItsCallsDidNotTake() {
        Meter rate = meter(Dimension.TOKENS, 1_000_000, Window.MINUTE, StoreFailure.FAIL_OPEN);
        long minute = Window.MINUTE.start(clock.millis());
        take(rate, 10_000);
        assertTrue(store.local.claimed(rate.key(), minute) > 10_000);
        rate.retire();
        assertEquals(10_000, store.local.claimed(rate.key(), minute));
    }
}
