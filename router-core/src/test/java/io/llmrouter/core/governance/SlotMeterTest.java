package io.llmrouter.core.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlotMeterTest {

    private final ManualWallClock clock = new ManualWallClock(Instant.parse("2026-12-06T11:42:10Z"));
    private final ScriptedStore store = new ScriptedStore(clock);
    private final MeterKey key = new MeterKey("acme", MeterKey.TENANT, Dimension.CONCURRENCY);

    private SlotMeter.Verdict acquire(SlotMeter m) {
        return m.acquire().await().indefinitely();
    }

    @Test
    void callsInFlightNeverExceedTheLimitAndSlotsGoBackWhenCallsEnd() {
        SlotMeter m = new SlotMeter(key, 2, store, StoreFailure.FAIL_OPEN);
        assertEquals(SlotMeter.Verdict.ADMITTED, acquire(m));
        assertEquals(SlotMeter.Verdict.ADMITTED, acquire(m));
        assertEquals(SlotMeter.Verdict.FULL, acquire(m));
        assertEquals(2, store.local.slotsHeld(key));
        m.release();
        assertEquals(1, store.local.slotsHeld(key), "below ten per replica every slot goes back at once");
        assertEquals(SlotMeter.Verdict.ADMITTED, acquire(m));
        m.release();
        m.release();
        assertEquals(0, store.local.slotsHeld(key));
        assertEquals(0, m.inFlight());
    }

    @Test
    void aLargeLimitKeepsASpareSoThatASteadyLevelCostsNoStoreCall() {
        SlotMeter m = new SlotMeter(key, 100, store, StoreFailure.FAIL_OPEN);
        for (int i = 0; i < 10; i++) {
            acquire(m);
        }
        int calls = store.slotCalls.get();
        for (int i = 0; i < 50; i++) {
            m.release();
            acquire(m);
        }
        assertEquals(calls, store.slotCalls.get());
    }

    @Test
    void anUnreachableStoreFailsClosedOrCountsALocalShare() {
        store.down = true;
        store.replicas = 2;
        assertEquals(SlotMeter.Verdict.UNAVAILABLE, acquire(new SlotMeter(key, 4, store, StoreFailure.FAIL_CLOSED)));
        SlotMeter open = new SlotMeter(key, 4, store, StoreFailure.FAIL_OPEN);
        assertEquals(SlotMeter.Verdict.ADMITTED, acquire(open));
        assertEquals(SlotMeter.Verdict.ADMITTED, acquire(open));
        assertEquals(SlotMeter.Verdict.FULL, acquire(open), "half of four for one of two replicas");
        assertEquals(2, open.failOpenGrants(), "each call that asked the store in vain counted on the share");
    }
}
