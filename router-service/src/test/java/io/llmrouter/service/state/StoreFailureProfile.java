package io.llmrouter.service.state;

import io.llmrouter.service.it.ManualWallClock;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared state in a real Redis ({@link RedisResource}) and two tenants on the built-in simulator with the same
 * requests-per-minute limit: {@code open} fails open (the default), {@code closed} fails closed. The wall clock stands
 * still ({@link ManualWallClock}), so that the minute's leases never roll over during a test.
 */
public class StoreFailureProfile implements QuarkusTestProfile {

    static final String OPEN_KEY = "open-inbound-key-8c1e";
    static final String CLOSED_KEY = "closed-inbound-key-3f07";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("router.simulator.enabled", "true");
        c.put("router.security.allow-private-upstreams", "true");
        for (String tenant : List.of("open", "closed")) {
            String t = "router.tenants." + tenant + ".";
            c.put(t + "api-keys", tenant.equals("open") ? OPEN_KEY : CLOSED_KEY);
            c.put(t + "requests-per-minute", "1000");
            c.put(t + "keys.sim.protocol", "openai");
            c.put(t + "keys.sim.base-url", "http://127.0.0.1:${quarkus.http.test-port:8081}/simulator/ok/openai");
            c.put(t + "keys.sim.api-key", "sim-key");
            c.put(t + "endpoints.sim.key", "sim");
            c.put(t + "endpoints.sim.model", "gpt-4o-mini");
        }
        c.put("router.tenants.closed.on-store-failure", "fail-closed");
        return c;
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ManualWallClock.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisResource.class));
    }
}
