package io.llmrouter.service.config;

import static io.llmrouter.service.config.TenantRegistryConfigTest.config;
import static io.llmrouter.service.config.TenantRegistryConfigTest.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.ScopeLimits;
import io.llmrouter.core.governance.WallClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code router.state.lease-fraction} sizes the leases of every meter, the tenant's and its keys'. */
class LeaseFractionConfigTest {

    private static List<Long> maxLeases(Map<String, String> props) {
        TenantRegistry.Built built = TenantRegistry.build(config(props), Ticker.SYSTEM,
                new LocalStateStore(WallClock.SYSTEM), WallClock.SYSTEM);
        List<ScopeLimits> scopes = built.keys().find("ci-key-1").key().governor().scopes();
        return List.of(scopes.get(0).requests().maxLease(), scopes.get(1).tokens().maxLease(),
                scopes.get(1).budget().maxLease());
    }

    private static Map<String, String> limited() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.requests-per-minute", "1000");
        p.put("router.tenants.acme.inbound-keys.ci.key", "ci-key-1");
        p.put("router.tenants.acme.inbound-keys.ci.tokens-per-minute", "30");
        p.put("router.tenants.acme.inbound-keys.ci.budget.usd", "2");
        return p;
    }

    @Test
    void leasesHoldAtMostTheConfiguredShareOfTheirLimit() {
        assertEquals(List.of(50L, 2L, 100_000_000L), maxLeases(limited()), "5 % by default, rounded up");
        Map<String, String> p = limited();
        p.put("router.state.lease-fraction", "0.25");
        assertEquals(List.of(250L, 8L, 500_000_000L), maxLeases(p));
    }
}
