package io.llmrouter.service.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.governance.Dimension;
import io.llmrouter.core.governance.Grant;
import io.llmrouter.core.governance.LeaseRequest;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.SlotRequest;
import io.llmrouter.core.governance.StateStore;
import io.llmrouter.core.testing.EmbeddedRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Redis store does beyond the contract every store keeps: its keys, scripts, replicas and threads. */
@QuarkusTest
@TestProfile(SharedStateProfile.class)
class RedisStateStoreTest {

    private static final long WINDOW = Instant.parse("2026-12-06T11:42:00Z").toEpochMilli();
    private static final MeterKey RPM = new MeterKey("ac:me{1}", MeterKey.keyScope("ci"), Dimension.REQUESTS);
    private static final MeterKey CONC = new MeterKey("acme", MeterKey.TENANT, Dimension.CONCURRENCY);

    @Inject
    StateStore store;
    @Inject
    SharedState state;
    @Inject
    MeterRegistry registry;

    private EmbeddedRedis redis;

    @BeforeEach
    void empty() {
        redis = RedisResource.redis();
        redis.call("FLUSHALL");
    }

    private RedisStateStore redisStore() {
        return (RedisStateStore) store;
    }

    private Grant lease(long want, long spent) {
        return store.lease(new LeaseRequest(RPM, WINDOW, 100, want, 0, spent, 90_000)).await()
                .atMost(Duration.ofSeconds(10));
    }

    @Test
    void countersLiveUnderTheTenantsHashTagAndExpireAfterTheirWindow() {
        lease(10, 3);
        String claimed = "llm-router:{ac%3Ame%7B1%7D}:rpm:key%3Dci:" + WINDOW / 1000;
        assertEquals(claimed, redisStore().key(RPM, Long.toString(WINDOW / 1000)));
        assertEquals("10", redis.call("GET", claimed));
        assertEquals("3", redis.call("GET", claimed + ":spent"));
        long ttl = Long.parseLong(redis.call("PTTL", claimed));
        assertTrue(ttl > 80_000 && ttl <= 90_000, "set when the key was made: " + ttl);
        lease(10, 0);
        assertTrue(Long.parseLong(redis.call("PTTL", claimed)) <= ttl, "never extended");
    }

    @Test
    void aScriptRedisHasForgottenIsSentAgain() {
        assertEquals(new Grant(10, 10), lease(10, 0));
        redis.call("SCRIPT", "FLUSH");
        assertEquals(new Grant(10, 20), lease(10, 0));
    }

    @Test
    void answersArriveOnAnEventLoopAndNeverNeedOneToWait() {
        AtomicReference<String> thread = new AtomicReference<>();
        store.lease(new LeaseRequest(RPM, WINDOW, 100, 1, 0, 0, 90_000))
                .invoke(g -> thread.set(Thread.currentThread().getName())).await().atMost(Duration.ofSeconds(10));
        assertTrue(thread.get().contains("eventloop"), "answered on " + thread.get());
    }

    @Test
    void slotsOfADeadReplicaAreDroppedThoseOfALiveOneKept() {
        String slots = redisStore().key(CONC, null);
        long now = System.currentTimeMillis();
        redis.call("HSET", slots, "dead-replica", "3", "live-replica", "2");
        redis.call("HSET", slots + ":exp", "dead-replica", Long.toString(now - 1), "live-replica",
                Long.toString(now + 60_000));
        assertEquals(new Grant(3, 5), store.slots(new SlotRequest(CONC, 4, 5)).await().atMost(Duration.ofSeconds(10)),
                "the dead replica's 3 slots are free again, the live one's 2 are not");
        assertNull(redis.call("HGET", slots, "dead-replica"));
        assertEquals("3", redis.call("HGET", slots, state.replica()));
    }

    @Test
    void theHeartbeatCountsLiveReplicasAndKeepsThisReplicasSlots() {
        store.slots(new SlotRequest(CONC, 2, 5)).await().atMost(Duration.ofSeconds(10));
        String exp = redisStore().key(CONC, null) + ":exp";
        redis.call("HSET", exp, state.replica(), "1");
        long now = System.currentTimeMillis();
        redis.call("ZADD", "llm-router:replicas", Long.toString(now), "other-replica", Long.toString(now - 60_000),
                "gone-replica");
        assertEquals(2, redisStore().heartbeat().await().atMost(Duration.ofSeconds(10)));
        assertEquals(2, store.replicas());
        long expires = Long.parseLong(redis.call("HGET", exp, state.replica()));
        long ttl = SharedStateProfile.REPLICA_TTL_SECONDS * 1000L;
        assertTrue(expires >= now + ttl && expires < now + ttl + 10_000,
                "the holding is renewed for router.state.replica-ttl: " + (expires - now));
        assertNull(redis.call("ZSCORE", "llm-router:replicas", "gone-replica"));
        store.slots(new SlotRequest(CONC, -2, 5)).await().atMost(Duration.ofSeconds(10));
        assertNull(redis.call("HGET", exp, state.replica()), "nothing held, nothing renewed");
    }

    @Test
    void everyOperationIsCountedAndTimed() {
        double before = registry.get("router_state_store_operations").tag("op", "lease").tag("result", "ok")
                .counter().count();
        lease(1, 0);
        assertEquals(before + 1, registry.get("router_state_store_operations").tag("op", "lease")
                .tag("result", "ok").counter().count());
        assertTrue(registry.get("router_state_store_latency").tag("op", "lease").timer().count() > 0);
    }
}
