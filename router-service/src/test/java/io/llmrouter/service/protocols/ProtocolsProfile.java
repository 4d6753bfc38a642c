package io.llmrouter.service.protocols;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant ({@link #KEY}) whose endpoints each serve one public model name, so a test picks the upstream protocol
 * by model: {@code via-<protocol>} is the built-in simulator speaking that protocol, {@code wm-<protocol>} is WireMock
 * replaying recorded provider answers ({@link WireMockUpstreams}). Shared by every test class of this package so the
 * application starts once.
 */
public class ProtocolsProfile implements QuarkusTestProfile {

    /** The tenant's inbound key. */
    public static final String KEY = "protocols-test-key";
    /**
     * The inbound key of a second tenant, under {@code router.tenants.strict.conversion.strict}: model
     * {@code strict-any} is served by a cheap Anthropic simulator and a dearer OpenAI one, {@code strict-anthropic}
     * by the Anthropic one only.
     */
    public static final String STRICT_KEY = "protocols-strict-key";

    /** Every upstream protocol, by its configuration name. */
    public static final List<String> UPSTREAMS = List.of("openai", "openai-responses", "anthropic", "gemini", "cohere",
            "cohere-v2", "azure-openai");

    /** A free port of its own, so parallel test runs of other modules on 8081 do not collide with this one. */
    private static final int PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("quarkus.http.test-port", Integer.toString(PORT));
        c.put("router.simulator.enabled", "true");
        c.put("router.simulator.chunk-delay", "0s");
        c.put("router.security.allow-private-upstreams", "true");
        c.put("router.tenants.t.api-keys", KEY);
        c.put("router.tenants.t.max-attempts", "1");
        for (String p : UPSTREAMS) {
            String sim = "sim-" + p;
            c.put("router.tenants.t.keys." + sim + ".protocol", p);
            c.put("router.tenants.t.keys." + sim + ".base-url",
                    "http://127.0.0.1:${quarkus.http.test-port:8081}/simulator/ok/" + p);
            c.put("router.tenants.t.keys." + sim + ".api-key", "sim-key");
            endpoint(c, "via-" + p, sim, p);
            // The WireMock key's base URL comes from WireMockUpstreams.
            String wm = "wm-" + p;
            c.put("router.tenants.t.keys." + wm + ".protocol", p);
            c.put("router.tenants.t.keys." + wm + ".api-key", "upstream-key");
            endpoint(c, wm, wm, p);
        }
        c.put("router.tenants.strict.api-keys", STRICT_KEY);
        c.put("router.tenants.strict.conversion.strict", "true");
        for (String p : List.of("anthropic", "openai")) {
            c.put("router.tenants.strict.keys." + p + ".protocol", p);
            c.put("router.tenants.strict.keys." + p + ".base-url",
                    "http://127.0.0.1:${quarkus.http.test-port:8081}/simulator/ok/" + p);
            c.put("router.tenants.strict.keys." + p + ".api-key", "sim-key");
        }
        strictEndpoint(c, "cheap-anthropic", "anthropic", "strict-any,strict-anthropic", "0.001");
        strictEndpoint(c, "dear-openai", "openai", "strict-any", "0.01");
        return c;
    }

    private static void strictEndpoint(Map<String, String> c, String name, String key, String models, String price) {
        String ep = "router.tenants.strict.endpoints." + name;
        c.put(ep + ".key", key);
        c.put(ep + ".model", "upstream-" + key);
        c.put(ep + ".models", models);
        c.put(ep + ".input-price", price);
        c.put(ep + ".output-price", price);
    }

    private static void endpoint(Map<String, String> c, String name, String key, String protocol) {
        String ep = "router.tenants.t.endpoints." + name;
        c.put(ep + ".key", key);
        c.put(ep + ".model", protocol.startsWith("gemini") ? "gemini-2.0-flash"
                : protocol.startsWith("azure") ? "gpt-4o-deployment" : "upstream-" + protocol);
        c.put(ep + ".models", name);
        c.put(ep + ".input-price", "0.001");
        c.put(ep + ".output-price", "0.002");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockUpstreams.class));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
