package io.llmrouter.service.config;

import static io.llmrouter.service.config.TenantRegistryConfigTest.config;
import static io.llmrouter.service.config.TenantRegistryConfigTest.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.Grant;
import io.llmrouter.core.governance.LeaseRequest;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.Pass;
import io.llmrouter.core.governance.Refusal;
import io.llmrouter.core.governance.SlotRequest;
import io.llmrouter.core.governance.StateStore;
import io.llmrouter.core.governance.WallClock;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code router.state.on-store-failure} and its per-tenant override reach the meters of the tenant and of its keys:
 * on a store that cannot be reached, a tenant failing open admits and one failing closed refuses.
 */
class StoreFailureConfigTest {

    private static final WallClock NOW = () -> Instant.parse("2026-11-20T11:42:10Z").toEpochMilli();
    private static final String CI_KEY = "ci-key-1";

    /** A store in an outage: every operation fails, as Redis' do while it is unreachable. */
    private static final StateStore DOWN = new StateStore() {
        @Override
        public Uni<Grant> lease(LeaseRequest request) {
            return Uni.createFrom().failure(new IllegalStateException("connection refused"));
        }

        @Override
        public Uni<Void> giveBack(MeterKey meter, long windowStart, long units) {
            return Uni.createFrom().failure(new IllegalStateException("connection refused"));
        }

        @Override
        public Uni<Grant> slots(SlotRequest request) {
            return Uni.createFrom().failure(new IllegalStateException("connection refused"));
        }

        @Override
        public int replicas() {
            return 1;
        }

        @Override
        public String name() {
            return "redis";
        }
    };

    /** Tenant {@code acme} limits its requests; its key {@code ci} limits its own calls in flight. */
    private static Map<String, String> limited() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.requests-per-minute", "100");
        p.put("router.tenants.acme.inbound-keys.ci.key", CI_KEY);
        p.put("router.tenants.acme.inbound-keys.ci.max-concurrent", "4");
        return p;
    }

    /** The first call of {@code inboundKey} while the store is down. */
    private static Pass firstCall(Map<String, String> props, String inboundKey) {
        TenantRegistry.Built built = TenantRegistry.build(config(props), Ticker.SYSTEM, DOWN, NOW);
        return built.keys().find(inboundKey).key().governor().admit().await().atMost(Duration.ofSeconds(10));
    }

    private static void assertRefused(Pass pass, String scope) {
        Pass.Refused refused = assertInstanceOf(Pass.Refused.class, pass);
        assertEquals(Refusal.STORE_UNAVAILABLE, refused.reason());
        assertEquals(scope, refused.scope());
        assertEquals(1000, refused.retryAfterMillis());
    }

    @Test
    void tenantsFailOpenUnlessConfiguredOtherwise() {
        assertInstanceOf(Pass.Admitted.class, firstCall(limited(), "acme-inbound"), "the tenant's limit");
        assertInstanceOf(Pass.Admitted.class, firstCall(limited(), CI_KEY), "the key's limit");
        assertEquals(List.of(), TenantRegistry.failingClosed(config(limited())));
    }

    @Test
    void failingClosedEverywhereRefusesOnTheTenantsAndTheKeysLimits() {
        Map<String, String> p = limited();
        p.put("router.state.on-store-failure", "fail-closed");
        assertRefused(firstCall(p, "acme-inbound"), "tenant");
        Map<String, String> keyOnly = limited();
        keyOnly.remove("router.tenants.acme.requests-per-minute");
        keyOnly.put("router.state.on-store-failure", "fail-closed");
        assertRefused(firstCall(keyOnly, CI_KEY), "key");
        assertEquals(List.of("acme"), TenantRegistry.failingClosed(config(p)));
    }

    @Test
    void aTenantsOwnSettingWinsOverTheGlobalOne() {
        Map<String, String> p = limited();
        p.put("router.tenants.acme.on-store-failure", "fail-closed");
        assertRefused(firstCall(p, "acme-inbound"), "tenant");
        p.remove("router.tenants.acme.requests-per-minute");
        assertRefused(firstCall(p, CI_KEY), "key");
        p = limited();
        p.put("router.state.on-store-failure", "fail-closed");
        p.put("router.tenants.acme.on-store-failure", "fail-open");
        assertInstanceOf(Pass.Admitted.class, firstCall(p, "acme-inbound"));
        assertInstanceOf(Pass.Admitted.class, firstCall(p, CI_KEY));
        assertEquals(List.of(), TenantRegistry.failingClosed(config(p)));
    }

    @Test
    void anUnknownPolicyNamesItsProperty() {
        for (String property : List.of("router.state.on-store-failure", "router.tenants.acme.on-store-failure")) {
            Map<String, String> p = limited();
            p.put(property, "fail-maybe");
            RuntimeException e = assertThrows(RuntimeException.class, () -> config(p));
            assertTrue(e.getMessage().contains(property) && e.getMessage().contains("fail-maybe"), e.getMessage());
        }
    }
}
