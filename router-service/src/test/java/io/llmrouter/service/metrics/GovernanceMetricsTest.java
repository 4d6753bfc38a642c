package io.llmrouter.service.metrics;

import static io.llmrouter.service.config.TenantRegistryConfigTest.registry;
import static io.llmrouter.service.config.TenantRegistryConfigTest.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.Governor;
import io.llmrouter.core.governance.Grant;
import io.llmrouter.core.governance.LeaseRequest;
import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.ManualWallClock;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.Pass;
import io.llmrouter.core.governance.Settlement;
import io.llmrouter.core.governance.SlotRequest;
import io.llmrouter.core.governance.StateStore;
import io.llmrouter.core.governance.Units;
import io.llmrouter.service.config.PoolEvents;
import io.llmrouter.service.config.TenantRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gauges and counters of limits, read from the meters of a registry on the local store and a scripted clock: a
 * budget's spent amount, limit and soft state per scope, a key's expiry, late corrections and local shares.
 */
class GovernanceMetricsTest {

    private static final Instant START = Instant.parse("2026-12-06T11:42:10Z");
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ManualWallClock clock = new ManualWallClock(START);
    private final LocalStateStore local = new LocalStateStore(clock);
    private volatile boolean down;
    /** The local store, unreachable while {@link #down}. */
    private final StateStore store = new StateStore() {
        private <T> Uni<T> unlessDown(Uni<T> answer) {
            return down ? Uni.createFrom().failure(new IllegalStateException("connection refused")) : answer;
        }

        @Override
        public Uni<Grant> lease(LeaseRequest request) {
            return unlessDown(local.lease(request));
        }

        @Override
        public Uni<Void> giveBack(MeterKey meter, long windowStart, long units) {
            return unlessDown(local.giveBack(meter, windowStart, units));
        }

        @Override
        public Uni<Grant> slots(SlotRequest request) {
            return unlessDown(local.slots(request));
        }

        @Override
        public int replicas() {
            return local.replicas();
        }

        @Override
        public String name() {
            return local.name();
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TenantRegistry tenants;

    GovernanceMetricsTest() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.budget.usd", "10");
        p.put("router.tenants.acme.tokens-per-minute", "100000");
        String ci = "router.tenants.acme.inbound-keys.ci.";
        p.put(ci + "key", "ci-key-1");
        p.put(ci + "expires", START.plus(Duration.ofDays(1)).toString());
        p.put(ci + "max-concurrent", "2");
        p.put(ci + "budget.usd", "1");
        p.put(ci + "budget.soft-percent", "50");
        tenants = registry(p, store, clock);
        new GovernanceMetrics(registry, tenants, clock).register(tenants.tenants());
    }

    private Settlement call(long tokens, double usd) {
        Governor g = tenants.identify("ci-key-1").key().governor();
        Settlement s = assertInstanceOf(Pass.Admitted.class, g.admit().await().atMost(PATIENCE)).settlement();
        assertInstanceOf(Pass.Admitted.class, s.reserve(tokens, Units.nanos(usd)).await().atMost(PATIENCE));
        return s;
    }

    private double gauge(String name, String scope, String key) {
        return registry.get(name).tag("tenant", "acme").tag("scope", scope).tag("key", key).gauge().value();
    }

    private double counter(String name, String dimension) {
        return registry.get(name).tag("tenant", "acme").tag("dimension", dimension).functionCounter().count();
    }

    @Test
    void budgetsShowWhatIsSpentTheirLimitAndTheirSoftState() {
        assertEquals(0.0, gauge("router_budget_spent_usd", "key", "ci"));
        assertEquals(1.0, gauge("router_budget_limit_usd", "key", "ci"));
        assertEquals(10.0, gauge("router_budget_limit_usd", "tenant", "-"));
        assertEquals(0.0, gauge("router_budget_soft_limit", "key", "ci"));
        call(10, 0.01).settle(20, 0.6);
        assertEquals(0.6, gauge("router_budget_spent_usd", "key", "ci"), 1e-9);
        assertEquals(0.6, gauge("router_budget_spent_usd", "tenant", "-"), 1e-9);
        assertEquals(1.0, gauge("router_budget_soft_limit", "key", "ci"), "60 % used, soft at 50 %");
        assertEquals(0.0, gauge("router_budget_soft_limit", "tenant", "-"), "6 % used, soft at 80 %");
        assertNull(registry.find("router_budget_spent_usd").tag("key", "api-keys").gauge(),
                "a key without a budget of its own has no series");
    }

    @Test
    void namedKeysShowWhenTheyExpire() {
        assertEquals(86_400.0, registry.get("router_inbound_key_expiry_seconds").tag("tenant", "acme")
                .tag("key", "ci").gauge().value());
        clock.advance(Duration.ofDays(2));
        assertEquals(-86_400.0, registry.get("router_inbound_key_expiry_seconds").tag("key", "ci").gauge().value());
        assertEquals(1, registry.find("router_inbound_key_expiry_seconds").gauges().size(), "keys that never expire "
                + "have none");
    }

    @Test
    void lateCorrectionsAndLocalSharesAreCountedPerDimension() {
        down = true;
        Governor g = tenants.identify("ci-key-1").key().governor();
        Settlement first = assertInstanceOf(Pass.Admitted.class, g.admit().await().atMost(PATIENCE)).settlement();
        down = false;
        assertEquals(1.0, counter("router_state_local_shares", "conc"), "the slot taken while the store was away");
        assertEquals(0.0, counter("router_state_local_shares", "tpm"));
        assertInstanceOf(Pass.Admitted.class, first.reserve(10, Units.nanos(0.01)).await().atMost(PATIENCE));
        clock.advance(Duration.ofMinutes(1));
        call(10, 0.01).settle(10, 0.01);
        first.settle(500, 0.01);
        assertEquals(1.0, counter("router_limit_late_corrections", "tpm"), "its minute had ended");
        assertEquals(0.0, counter("router_limit_late_corrections", "budget"), "its month had not");
        assertNull(registry.find("router_limit_late_corrections").tag("dimension", "rpm").functionCounter());
    }
}
