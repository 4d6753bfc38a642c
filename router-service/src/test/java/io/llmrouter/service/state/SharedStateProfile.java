package io.llmrouter.service.state;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared state in a real Redis ({@link RedisResource}), and a tenant {@code news} on the built-in simulator: the
 * endpoint {@code bad} answers 401 (a bad upstream key), {@code good} answers, at a higher price; {@code spare}
 * serves another model, for news from elsewhere. Replicas live {@value #REPLICA_TTL_SECONDS} s without a heartbeat.
 */
public class SharedStateProfile implements QuarkusTestProfile {

    static final String KEY = "news-inbound-key-5d21";
    /** A replica time to live other than the default, to see it reach Redis. */
    static final int REPLICA_TTL_SECONDS = 21;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("router.simulator.enabled", "true");
        c.put("router.security.allow-private-upstreams", "true");
        c.put("router.tenants.news.api-keys", KEY);
        c.put("router.state.replica-ttl", REPLICA_TTL_SECONDS + "s");
        for (String ep : List.of("bad", "good", "spare")) {
            String key = "router.tenants.news.keys." + ep + ".";
            c.put(key + "protocol", "openai");
            c.put(key + "base-url", "http://127.0.0.1:${quarkus.http.test-port:8081}/simulator/"
                    + (ep.equals("bad") ? "fail-401" : "ok") + "/openai");
            c.put(key + "api-key", "sim-key-" + ep);
            String e = "router.tenants.news.endpoints." + ep + ".";
            c.put(e + "key", ep);
            c.put(e + "model", "gpt-4o-mini");
            c.put(e + "models", ep.equals("spare") ? "other" : "m");
            c.put(e + "input-price", ep.equals("bad") ? "0.001" : "0.002");
            c.put(e + "output-price", "0.002");
        }
        return c;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisResource.class));
    }
}
