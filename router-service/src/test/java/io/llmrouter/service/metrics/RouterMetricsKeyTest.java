package io.llmrouter.service.metrics;

import static io.llmrouter.service.config.TenantRegistryConfigTest.registry;
import static io.llmrouter.service.config.TenantRegistryConfigTest.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.Usage;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.WallClock;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.service.config.PoolEvents;
import io.llmrouter.service.config.TenantRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@code key} tag of calls, tokens, cost and refusals: a named key's name, one value for every key of
 * {@code api-keys} (their names change with the list's order), never the key.
 */
class RouterMetricsKeyTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RouterMetrics metrics = new RouterMetrics(registry, registry(valid(),
            new LocalStateStore(WallClock.SYSTEM), WallClock.SYSTEM));

    private void call(String keyName) {
        metrics.onCall(new CallRecord("acme", "main", Protocol.OPENAI, Protocol.ANTHROPIC, "success", 200, 1,
                new Usage(10, 5, 3, true, 0.25), false, keyName, "m", "m", 3, -1, null, Set.of(), null));
    }

    private double count(String name, String key) {
        return registry.get(name).tag("tenant", "acme").tag("key", key).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void callsTokensAndCostCarryTheKeysName() {
        call("ci");
        call("api-keys[0]");
        call("api-keys[3]");
        call(null);
        assertEquals(1.0, count("router_requests", "ci"));
        assertEquals(2.0, count("router_requests", "api-keys"), "every key of api-keys under one value");
        assertEquals(1.0, count("router_requests", "none"));
        assertEquals(15.0, count("router_tokens", "ci"), "input and output");
        assertEquals(0.5, count("router_cost_usd", "api-keys"));
        assertEquals(3, registry.find("router_requests").counters().size());
    }

    @Test
    void refusalsAndSoftLimitsToo() {
        metrics.onRefusal("acme", "api-keys[1]", "tenant", "requests_per_minute");
        metrics.onSoftLimit("acme", "ci", false);
        assertEquals(1.0, count("router_refusals", "api-keys"));
        assertEquals(1.0, count("router_budget_soft_limit_calls", "ci"));
    }
}
