package io.llmrouter.service.faults;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tenant {@code mem} ({@value #KEY}) on the {@link EmbeddingsUpstream}, with the default limits: {@code m-wide} is
 * served by wide vectors only, {@code m-endless} by an endless answer and, dearer, a proper one, {@code m-endless-only}
 * by the endless answer alone.
 */
public class EmbeddingsMemoryProfile implements QuarkusTestProfile {

    static final String KEY = "embeddings-memory-key-5d0b";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Upstream.class));
    }

    /** Starts the upstream and configures the tenant on it. */
    public static class Upstream implements QuarkusTestResourceLifecycleManager {

        private EmbeddingsUpstream upstream;

        @Override
        public Map<String, String> start() {
            upstream = EmbeddingsUpstream.start();
            Map<String, String> c = new LinkedHashMap<>();
            c.put("router.security.allow-private-upstreams", "true");
            c.put("router.tenants.mem.api-keys", KEY);
            c.put("router.tenants.mem.max-attempts", "2");
            endpoint(c, "wide", "m-wide", "0.001");
            endpoint(c, "endless", "m-endless,m-endless-only", "0.001");
            endpoint(c, "ok", "m-endless", "0.01");
            return c;
        }

        private void endpoint(Map<String, String> c, String name, String models, String price) {
            String k = "router.tenants.mem.keys." + name + ".";
            c.put(k + "protocol", "openai");
            c.put(k + "base-url", upstream.baseUrl(name));
            c.put(k + "api-key", "embeddings-upstream-key");
            String e = "router.tenants.mem.endpoints." + name + ".";
            c.put(e + "key", name);
            c.put(e + "kind", "embeddings");
            c.put(e + "model", "text-embedding-3-small");
            c.put(e + "models", models);
            c.put(e + "input-price", price);
            c.put(e + "breaker.threshold", "1000");
        }

        @Override
        public void stop() {
            if (upstream != null) {
                upstream.close();
            }
        }
    }
}
