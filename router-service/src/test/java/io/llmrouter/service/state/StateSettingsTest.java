package io.llmrouter.service.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.governance.StoreFailure;
import io.llmrouter.service.config.RouterConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateSettingsTest {

    private static RouterConfig.State state(RouterConfig.State.Store store, String prefix, Duration timeout,
                                            Duration retry) {
        return state(store, prefix, timeout, retry, 0.05, Duration.ofSeconds(10), Duration.ofSeconds(15));
    }

    private static RouterConfig.State state(RouterConfig.State.Store store, String prefix, Duration timeout,
                                            Duration retry, double fraction, Duration idle, Duration ttl) {
        return new RouterConfig.State() {
            @Override
            public Store store() {
                return store;
            }

            @Override
            public RouterConfig.StateRedis redis() {
                return new RouterConfig.StateRedis() {
                    @Override
                    public String keyPrefix() {
                        return prefix;
                    }

                    @Override
                    public Duration timeout() {
                        return timeout;
                    }
                };
            }

            @Override
            public Duration retryInterval() {
                return retry;
            }

            @Override
            public StoreFailure onStoreFailure() {
                return StoreFailure.FAIL_OPEN;
            }

            @Override
            public double leaseFraction() {
                return fraction;
            }

            @Override
            public Duration leaseIdle() {
                return idle;
            }

            @Override
            public Duration replicaTtl() {
                return ttl;
            }
        };
    }

    private static String refused(RouterConfig.State state, Optional<String> hosts) {
        return assertThrows(ConfigurationException.class, () -> StateSettings.of(state, hosts)).property();
    }

    @Test
    void theLocalStoreNeedsNoRedis() {
        StateSettings s = StateSettings.of(state(RouterConfig.State.Store.LOCAL, "llm-router", Duration.ofMillis(250),
                Duration.ofSeconds(1)), Optional.empty());
        assertFalse(s.shared());
        assertEquals("llm-router:breaker-news", s.key("breaker-news"));
    }

    @Test
    void theRedisStoreNeedsToKnowWhereRedisIs() {
        RouterConfig.State redis = state(RouterConfig.State.Store.REDIS, "llm-router", Duration.ofMillis(250),
                Duration.ofSeconds(1));
        assertEquals("quarkus.redis.hosts", refused(redis, Optional.empty()));
        assertEquals("quarkus.redis.hosts", refused(redis, Optional.of(" ")));
        assertTrue(StateSettings.of(redis, Optional.of("redis://r:6379")).shared());
    }

    @Test
    void outOfRangeValuesNameTheirProperty() {
        Duration ok = Duration.ofSeconds(1);
        RouterConfig.State.Store local = RouterConfig.State.Store.LOCAL;
        assertEquals("router.state.redis.key-prefix", refused(state(local, "a:b", ok, ok), Optional.empty()));
        assertEquals("router.state.redis.key-prefix", refused(state(local, "", ok, ok), Optional.empty()));
        assertEquals("router.state.redis.key-prefix", refused(state(local, "x".repeat(33), ok, ok), Optional.empty()));
        assertEquals("router.state.redis.timeout", refused(state(local, "p", Duration.ofMillis(9), ok),
                Optional.empty()));
        assertEquals("router.state.redis.timeout", refused(state(local, "p", Duration.ofSeconds(11), ok),
                Optional.empty()));
        assertEquals("router.state.retry-interval", refused(state(local, "p", ok, Duration.ZERO), Optional.empty()));
    }

    @Test
    void leasesAndHeartbeatsAreConfiguredWithinBoundsNamingTheProperty() {
        RouterConfig.State.Store local = RouterConfig.State.Store.LOCAL;
        Duration ok = Duration.ofSeconds(1);
        StateSettings s = StateSettings.of(state(local, "p", ok, ok, 0.5, Duration.ofSeconds(1), Duration.ofSeconds(3)),
                Optional.empty());
        assertEquals(0.5, s.leaseFraction());
        assertEquals(Duration.ofSeconds(1), s.leaseIdle());
        assertEquals(Duration.ofSeconds(1), s.heartbeat(), "a third of the replica time to live");
        assertEquals(Duration.ofSeconds(5), StateSettings.of(state(local, "p", ok, ok), Optional.empty()).heartbeat());
        Duration idle = Duration.ofSeconds(10);
        Duration ttl = Duration.ofSeconds(15);
        for (double fraction : new double[] {0, -0.1, 0.51, Double.NaN}) {
            assertEquals("router.state.lease-fraction", refused(state(local, "p", ok, ok, fraction, idle, ttl),
                    Optional.empty()), "lease fraction " + fraction);
        }
        assertEquals("router.state.lease-idle", refused(state(local, "p", ok, ok, 0.05, Duration.ofMillis(999), ttl),
                Optional.empty()));
        assertEquals("router.state.lease-idle", refused(state(local, "p", ok, ok, 0.05, Duration.ofMinutes(11), ttl),
                Optional.empty()));
        assertEquals("router.state.replica-ttl", refused(state(local, "p", ok, ok, 0.05, idle, Duration.ofSeconds(2)),
                Optional.empty()));
        assertEquals("router.state.replica-ttl", refused(state(local, "p", ok, ok, 0.05, idle, Duration.ofMinutes(6)),
                Optional.empty()));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> StateSettings.of(
                state(local, "p", ok, ok, 0.05, idle, Duration.ofSeconds(2)), Optional.empty()));
        assertTrue(e.getMessage().contains("between 3s and 5m"), e.getMessage());
    }

    @Test
    void replicaIdsAreThePodNameAndRandomDigitsKeptPlain() {
        assertTrue(SharedState.replicaId("llm-router-7c9f-x2").matches("llm-router-7c9f-x2-[0-9a-f]{6}"));
        assertTrue(SharedState.replicaId(null).matches("router-[0-9a-f]{6}"));
        assertTrue(SharedState.replicaId("a b\"c").matches("a-b-c-[0-9a-f]{6}"));
        assertEquals(63 + 7, SharedState.replicaId("h".repeat(100)).length());
    }
}
