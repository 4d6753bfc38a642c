package io.llmrouter.core.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LocalStateStoreTest extends StateStoreContractTest {

    private final ManualWallClock clock = new ManualWallClock(Instant.ofEpochMilli(WINDOW));

    @Override
    protected StateStore store() {
        return new LocalStateStore(clock);
    }

    @Test
    void countersOfEndedWindowsAreDropped() {
        LocalStateStore s = new LocalStateStore(clock);
        MeterKey key = new MeterKey("acme", MeterKey.TENANT, Dimension.REQUESTS);
        s.lease(new LeaseRequest(key, WINDOW, 10, 1, 0, 0, TTL)).await().indefinitely();
        clock.advance(Duration.ofMillis(TTL + 60_000));
        s.lease(new LeaseRequest(key, WINDOW + TTL + 60_000, 10, 1, 0, 0, TTL)).await().indefinitely();
        assertEquals(1, s.windows());
        assertEquals(0, s.claimed(key, WINDOW));
    }
}
