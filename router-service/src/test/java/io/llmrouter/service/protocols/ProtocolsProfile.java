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

    /**
     * The inbound key of the embeddings tenant ({@code router.tenants.embed}, three attempts): model
     * {@code wm-embed-<protocol>} is an embeddings endpoint on WireMock, {@code sim-embed-<protocol>} one on the
     * simulator, for each protocol of {@link #EMBEDDINGS}; {@code embed-failover} is served by a cheap WireMock OpenAI
     * endpoint and a dearer WireMock Cohere v2 one; {@code embed-mixed} by a free chat endpoint and an embeddings
     * endpoint on WireMock Gemini. Keys {@link #EMBED_ALLOWED_KEY} and {@link #EMBED_TOKENS_KEY} are limited.
     */
    public static final String EMBED_KEY = "protocols-embed-key";

    /** A key of the embeddings tenant allowed model {@code wm-embed-openai} only. */
    public static final String EMBED_ALLOWED_KEY = "protocols-embed-allowed-key";
    /** A key of the embeddings tenant held to 50 tokens a minute. */
    public static final String EMBED_TOKENS_KEY = "protocols-embed-tokens-key";

    /** The upstream protocols with embeddings, by configuration name. */
    public static final List<String> EMBEDDINGS = List.of("openai", "azure-openai", "gemini", "cohere-v2", "cohere");

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
        embeddingsTenant(c);
        return c;
    }

    private static void embeddingsTenant(Map<String, String> c) {
        String tenant = "router.tenants.embed.";
        c.put(tenant + "api-keys", EMBED_KEY);
        c.put(tenant + "max-attempts", "3");
        for (String p : EMBEDDINGS) {
            // The WireMock key's base URL comes from WireMockUpstreams.
            c.put(tenant + "keys.wm-" + p + ".protocol", p);
            c.put(tenant + "keys.wm-" + p + ".api-key", "upstream-key");
            c.put(tenant + "keys.sim-" + p + ".protocol", p);
            c.put(tenant + "keys.sim-" + p + ".base-url",
                    "http://127.0.0.1:${quarkus.http.test-port:8081}/simulator/ok/" + p);
            c.put(tenant + "keys.sim-" + p + ".api-key", "sim-key");
            embeddingsEndpoint(c, "wm-embed-" + p, "wm-" + p, embeddingModel(p), "wm-embed-" + p, "0.0001");
            embeddingsEndpoint(c, "sim-embed-" + p, "sim-" + p, embeddingModel(p), "sim-embed-" + p, "0.0001");
        }
        embeddingsEndpoint(c, "failover-openai", "wm-openai", "text-embedding-3-small", "embed-failover", "0.00002");
        // Failed on purpose by test after test: its breaker must not open and skip it.
        c.put(tenant + "endpoints.failover-openai.breaker.threshold", "1000");
        embeddingsEndpoint(c, "failover-cohere-v2", "wm-cohere-v2", "embed-v4.0", "embed-failover", "0.0001");
        embeddingsEndpoint(c, "mixed-gemini", "wm-gemini", "gemini-embedding-001", "embed-mixed", "0.001");
        c.put(tenant + "inbound-keys.allowed.key", EMBED_ALLOWED_KEY);
        c.put(tenant + "inbound-keys.allowed.models", "wm-embed-openai");
        c.put(tenant + "inbound-keys.tokens.key", EMBED_TOKENS_KEY);
        c.put(tenant + "inbound-keys.tokens.tokens-per-minute", "50");
        String chat = tenant + "endpoints.mixed-chat.";
        c.put(chat + "key", "wm-openai");
        c.put(chat + "model", "gpt-4o-mini");
        c.put(chat + "models", "embed-mixed");
    }

    /** The model an embeddings endpoint of {@code protocol} asks for (Azure's: its deployment). */
    public static String embeddingModel(String protocol) {
        return switch (protocol) {
            case "openai" -> "text-embedding-3-small";
            case "azure-openai" -> "embeddings-deployment";
            case "gemini" -> "gemini-embedding-001";
            case "cohere-v2" -> "embed-v4.0";
            default -> "embed-english-v3.0";
        };
    }

    private static void embeddingsEndpoint(Map<String, String> c, String name, String key, String model,
                                           String models, String price) {
        String ep = "router.tenants.embed.endpoints." + name + ".";
        c.put(ep + "key", key);
        c.put(ep + "kind", "embeddings");
        c.put(ep + "model", model);
        c.put(ep + "models", models);
        c.put(ep + "input-price", price);
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
