package io.llmrouter.service.state;

import static io.llmrouter.service.config.TenantRegistryConfigTest.registry;
import static io.llmrouter.service.config.TenantRegistryConfigTest.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.Dimension;
import io.llmrouter.core.governance.Governor;
import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.ManualWallClock;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.Pass;
import io.llmrouter.core.testing.Eventually;
import io.llmrouter.service.config.PoolEvents;
import io.llmrouter.service.config.TenantRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer that gives idle leases back, on a real Vert.x and a scripted wall clock: a lease unused for
 * {@code lease-idle} returns its units to the store, one in use keeps them. (Two replicas' meters on one store, local
 * and Redis, are in the store contract: {@code aQuietReplicasIdleLeaseGoesBackToAnotherReplica}.)
 */
class IdleLeasesTest {

    private static final Instant MINUTE = Instant.parse("2026-12-06T11:42:00Z");
    private static final long IDLE = 10_000;
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final MeterKey RPM = new MeterKey("acme", MeterKey.TENANT, Dimension.REQUESTS);
    private static final MeterKey TPM = new MeterKey("acme", MeterKey.keyScope("ci"), Dimension.TOKENS);

    private final ManualWallClock clock = new ManualWallClock(MINUTE.plusSeconds(1));
    private final LocalStateStore store = new LocalStateStore(clock);
    private final Vertx vertx = Vertx.vertx();
    private final TenantRegistry tenants;

    IdleLeasesTest() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.requests-per-minute", "1000");
        p.put("router.tenants.acme.inbound-keys.ci.key", "ci-key-1");
        p.put("router.tenants.acme.inbound-keys.ci.tokens-per-minute", "100000");
        tenants = registry(p, store, clock);
    }

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void calls(int n) {
        Governor g = tenants.identify("acme-inbound").key().governor();
        for (int i = 0; i < n; i++) {
            assertInstanceOf(Pass.Admitted.class, g.admit().await().atMost(PATIENCE));
        }
    }

    @Test
    void everyMeterOfEveryTenantAndKeyIsLookedAtOnce() {
        assertEquals(2, IdleLeases.meters(tenants.tenants()).size(),
                "the tenant's requests (shared by its two keys) and the key's tokens");
    }

    @Test
    void theTimerGivesBackWhatIdleLeasesHoldAndNoMore() {
        calls(20);
        long start = MINUTE.toEpochMilli();
        assertTrue(store.claimed(RPM, start) > 20, "the lease holds more than was used: " + store.claimed(RPM, start));
        IdleLeases leases = new IdleLeases(tenants::tenants, IDLE, 5, true, vertx);
        leases.start();
        try {
            clock.advance(Duration.ofMillis(IDLE));
            Eventually.await(PATIENCE, () -> store.claimed(RPM, start) == 20,
                    () -> "the idle lease was not given back: " + store.claimed(RPM, start) + " claimed");
            calls(5);
            long claimed = store.claimed(RPM, start);
            assertTrue(claimed > 25, "a new lease, in use: " + claimed);
            assertEquals(0, leases.giveBack(), "a lease in use is kept");
            assertEquals(claimed, store.claimed(RPM, start));
            assertEquals(0, store.claimed(TPM, start), "a meter never used holds nothing");
        } finally {
            leases.stop();
        }
    }
}
