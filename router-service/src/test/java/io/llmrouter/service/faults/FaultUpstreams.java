package io.llmrouter.service.faults;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the {@link FaultUpstream} and configures two tenants on it: {@code faulty} ({@value #FAULTY_KEY}), where each
 * fault has its public model {@code m-<fault>} served by the faulty endpoint {@code <fault>} and, dearer, a proper one
 * {@code <fault>-ok} to fail over to; and {@code healthy} ({@value #HEALTHY_KEY}), whose model {@code m-healthy} only a
 * proper endpoint serves, for the calls that must go on undisturbed.
 */
public class FaultUpstreams implements QuarkusTestResourceLifecycleManager {

    public static final String FAULTY_KEY = "faulty-inbound-key-7c1e";
    public static final String HEALTHY_KEY = "healthy-inbound-key-2a9f";
    /** An endless answer counts as being read once it has written this much: well inside every default limit. */
    static final long HALFWAY_BYTES = 4L << 20;

    private FaultUpstream upstream;

    @Override
    public Map<String, String> start() {
        upstream = FaultUpstream.start(HALFWAY_BYTES);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("router.security.allow-private-upstreams", "true");
        c.put("router.tenants.faulty.api-keys", FAULTY_KEY);
        c.put("router.tenants.faulty.max-attempts", "2");
        for (FaultUpstream.Fault f : FaultUpstream.Fault.values()) {
            endpoint(c, "faulty", f.path(), upstream.baseUrl(f.path()), "m-" + f.path(), "0.001");
            endpoint(c, "faulty", f.path() + "-ok", upstream.baseUrl("ok"), "m-" + f.path(), "0.01");
        }
        c.put("router.tenants.healthy.api-keys", HEALTHY_KEY);
        endpoint(c, "healthy", "healthy", upstream.baseUrl("ok"), "m-healthy", "0.001");
        return c;
    }

    /** An OpenAI endpoint with a key of the same name, whose breaker the repeated calls of a test never open. */
    private static void endpoint(Map<String, String> c, String tenant, String name, String baseUrl, String models,
                                 String price) {
        String k = "router.tenants." + tenant + ".keys." + name + ".";
        c.put(k + "protocol", "openai");
        c.put(k + "base-url", baseUrl);
        c.put(k + "api-key", "fault-upstream-key");
        String e = "router.tenants." + tenant + ".endpoints." + name + ".";
        c.put(e + "key", name);
        c.put(e + "models", models);
        c.put(e + "input-price", price);
        c.put(e + "output-price", price);
        c.put(e + "breaker.threshold", "1000");
    }

    @Override
    public void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }
}
