package io.llmrouter.core.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GovernorTest {

    private final ManualWallClock clock = new ManualWallClock(Instant.parse("2026-11-20T11:42:10Z"));
    private final ScriptedStore store = new ScriptedStore(clock);

    private Meter meter(String scope, Dimension d, long limit, Window w) {
        return new Meter(new MeterKey("acme", scope, d), limit, w, store, StoreFailure.FAIL_OPEN, clock, 0.05);
    }

    private SlotMeter slots(String scope, long max) {
        return new SlotMeter(new MeterKey("acme", scope, Dimension.CONCURRENCY), max, store, StoreFailure.FAIL_OPEN);
    }

    private static Pass pass(io.smallrye.mutiny.Uni<Pass> p) {
        return p.await().indefinitely();
    }

    private static Settlement admitted(Pass p) {
        return assertInstanceOf(Pass.Admitted.class, p).settlement();
    }

    private static Pass.Refused refused(Pass p) {
        return assertInstanceOf(Pass.Refused.class, p);
    }

    @Test
    void aKeyWithoutLimitsIsNotGoverned() {
        assertFalse(new Governor("acme", null, new ScopeLimits("key", "ci", null, null, null, null, 80, Double.NaN),
                clock).governs());
    }

    @Test
    void theTenantsLimitHoldsAcrossItsKeysAndTheKeysOwnLimitHoldsForItAlone() {
        ScopeLimits tenant = new ScopeLimits("tenant", "acme", meter("tenant", Dimension.REQUESTS, 3, Window.MINUTE),
                null, null, null, 80, Double.NaN);
        String ci = MeterKey.keyScope("ci");
        Governor a = new Governor("acme", tenant, new ScopeLimits("key", "ci",
                meter(ci, Dimension.REQUESTS, 1, Window.MINUTE), null, null, null, 80, Double.NaN), clock);
        Governor b = new Governor("acme", tenant, null, clock);
        admitted(pass(a.admit()));
        Pass.Refused byKey = refused(pass(a.admit()));
        assertEquals(Refusal.REQUESTS_PER_MINUTE, byKey.reason());
        assertEquals("key", byKey.scope());
        assertEquals("Rate limit of key 'ci' exceeded (1 requests per minute)", byKey.message());
        assertEquals(50_000, byKey.retryAfterMillis(), "to the end of the minute");
        admitted(pass(b.admit()));
        admitted(pass(b.admit()));
        Pass.Refused byTenant = refused(pass(b.admit()));
        assertEquals("tenant", byTenant.scope());
        assertTrue(byTenant.message().startsWith("Rate limit of this tenant exceeded"));
    }

    @Test
    void aRefusalGivesBackWhatEarlierChecksTook() {
        SlotMeter conc = slots("tenant", 1);
        Meter tokens = meter("tenant", Dimension.TOKENS, 100, Window.MINUTE);
        Meter rpm = meter("tenant", Dimension.REQUESTS, 2, Window.MINUTE);
        Governor g = new Governor("acme", new ScopeLimits("tenant", "acme", rpm, tokens, conc, null, 80, Double.NaN), null,
                clock);
        Settlement first = admitted(pass(g.admit()));
        assertEquals(Refusal.MAX_CONCURRENT, refused(pass(g.admit())).reason());
        admitted(pass(first.reserve(100, 0)));
        first.settle(100, 0);
        Settlement second = admitted(pass(g.admit()));
        assertEquals(Refusal.TOKENS_PER_MINUTE, refused(pass(second.reserve(10, 0))).reason());
        assertEquals(0, conc.inFlight(), "the refused call's slot is back");
        // the refused call's request unit is back too: a third call in this minute is admitted
        admitted(pass(g.admit()));
    }

    @Test
    void aSpentBudgetRefusesWithItsAmountPeriodAndReset() {
        Meter budget = meter(MeterKey.keyScope("ci"), Dimension.BUDGET, Units.nanos(250), Window.MONTH);
        Governor g = new Governor("acme", null, new ScopeLimits("key", "ci", null, null, null, budget, 80, Double.NaN),
                clock);
        Settlement s = admitted(pass(g.admit()));
        admitted(pass(s.reserve(10, Units.nanos(1))));
        s.settle(10, 260);
        Settlement next = admitted(pass(g.admit()));
        Pass.Refused r = refused(pass(next.reserve(10, Units.nanos(1))));
        assertEquals(Refusal.BUDGET, r.reason());
        assertEquals("Budget exceeded: USD 250.00 per month for key 'ci' of tenant 'acme'; it resets at "
                + "2026-12-01T00:00:00Z", r.message());
        long reset = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        assertEquals(reset, r.resetsAtMillis());
        assertEquals(reset - clock.millis(), r.retryAfterMillis());
    }

    @Test
    void pastTheSoftThresholdTheCallIsMarkedAndLimitedToTheLowerCeiling() {
        Meter tenantBudget = meter("tenant", Dimension.BUDGET, Units.nanos(100), Window.DAY);
        Meter keyBudget = meter(MeterKey.keyScope("ci"), Dimension.BUDGET, Units.nanos(10), Window.MONTH);
        Governor g = new Governor("acme",
                new ScopeLimits("tenant", "acme", null, null, null, tenantBudget, 50, 0.002),
                new ScopeLimits("key", "ci", null, null, null, keyBudget, 80, 0.0005), clock);
        Settlement fresh = admitted(pass(g.admit()));
        assertTrue(Double.isNaN(fresh.priceCeiling()));
        assertNull(fresh.softScopes());
        admitted(pass(fresh.reserve(10, Units.nanos(1))));
        fresh.settle(10, 8.5);
        Settlement soft = admitted(pass(g.admit()));
        assertEquals(0.0005, soft.priceCeiling());
        assertEquals("key", soft.softScopes());
        assertEquals(85.0, soft.usedPercent(), 1e-6);
        assertEquals(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli(), soft.resetsAt());
        Pass.Refused none = Governor.noEndpointUnderCeiling(soft, "gpt-4o", soft.priceCeiling());
        assertEquals(Refusal.BUDGET_DOWNGRADE, none.reason());
        assertEquals("Budget past its soft limit: no endpoint for 'gpt-4o' at or below USD 0.0005 per 1K input "
                + "tokens", none.message());
    }

    @Test
    void aReservationLargerThanTheBudgetIsNeverRefundedAsCapacity() {
        Meter budget = meter(MeterKey.keyScope("ci"), Dimension.BUDGET, 10_000, Window.MONTH);
        Governor g = new Governor("acme", null, new ScopeLimits("key", "ci", null, null, null, budget, 80, Double.NaN),
                clock);
        Settlement first = admitted(pass(g.admit()));
        admitted(pass(first.reserve(10, 522_000)));
        first.settle(29, Units.usd(39_000));
        assertEquals(3.9, budget.used(), 1e-9, "what was spent, not what was reserved");
        for (int i = 0; i < 3; i++) {
            Settlement next = admitted(pass(g.admit()));
            assertEquals(Refusal.BUDGET, refused(pass(next.reserve(10, 140_000))).reason(), "call " + i);
            clock.advance(java.time.Duration.ofSeconds(2));
        }
        assertEquals(39_000, store.local.claimed(budget.key(), Window.MONTH.start(clock.millis())));
    }

    @Test
    void settlingTwiceCountsOnce() {
        Meter tokens = meter("tenant", Dimension.TOKENS, 1_000, Window.MINUTE);
        Governor g = new Governor("acme", new ScopeLimits("tenant", "acme", null, tokens, null, null, 80, Double.NaN), null,
                clock);
        Settlement s = admitted(pass(g.admit()));
        admitted(pass(s.reserve(100, 0)));
        s.settle(300, 0);
        s.settle(300, 0);
        assertEquals(0.3, tokens.used(), 1e-9);
    }
}
