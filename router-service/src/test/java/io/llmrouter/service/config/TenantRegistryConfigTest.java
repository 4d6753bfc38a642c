package io.llmrouter.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Endpoint;
import io.llmrouter.api.EndpointKind;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.StateStore;
import io.llmrouter.core.governance.WallClock;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up validation of tenants: every problem names the offending property; secrets are never echoed. */
public class TenantRegistryConfigTest {

    /** A valid tenant {@code acme} with one OpenAI endpoint. */
    public static Map<String, String> valid() {
        Map<String, String> m = new HashMap<>();
        m.put("router.tenants.acme.api-keys", "acme-inbound");
        m.put("router.tenants.acme.keys.oa.protocol", "openai");
        m.put("router.tenants.acme.keys.oa.base-url", "https://api.openai.com");
        m.put("router.tenants.acme.keys.oa.api-key", "sk-secret-value");
        m.put("router.tenants.acme.endpoints.main.key", "oa");
        m.put("router.tenants.acme.endpoints.main.model", "gpt-4o-mini");
        m.put("router.tenants.acme.endpoints.main.input-price", "0.001");
        m.put("router.tenants.acme.endpoints.main.output-price", "0.002");
        return m;
    }

    /** The router configuration of these properties, as SmallRye Config maps it at start-up. */
    public static RouterConfig config(Map<String, String> props) {
        return new SmallRyeConfigBuilder().withMapping(RouterConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(props, "test", 100)).build()
                .getConfigMapping(RouterConfig.class);
    }

    /** A registry of these properties, built as the application builds it (no tenant directory). */
    public static TenantRegistry registry(Map<String, String> props, StateStore store, WallClock clock) {
        SmallRyeConfig running = TenantFilesTest.running(props);
        return new TenantRegistry(running.getConfigMapping(RouterConfig.class), running, Ticker.SYSTEM, store, clock,
                PoolEvents.NONE);
    }

    static Map<String, Tenant> build(Map<String, String> props) {
        return TenantRegistry.build(config(props), Ticker.SYSTEM).tenants();
    }

    static ConfigurationException invalid(Map<String, String> props) {
        return assertThrows(ConfigurationException.class, () -> build(props));
    }

    @Test
    void validTenantBuilds() {
        Map<String, Tenant> tenants = build(valid());
        assertEquals(1, tenants.size());
        Tenant acme = tenants.get("acme");
        assertEquals(1, acme.pool().endpoints().size());
        assertEquals(java.util.List.of("gpt-4o-mini"), acme.publicModels());
    }

    @Test
    void unknownKeyReferenceNamesTheEndpointProperty() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.endpoints.main.key", "nope");
        ConfigurationException e = invalid(p);
        assertEquals("router.tenants.acme.endpoints.main.key", e.property());
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("router.tenants.acme.keys"),
                e.getMessage());
    }

    @Test
    void geminiEndpointNeedsAModel() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.keys.oa.protocol", "gemini");
        p.put("router.tenants.acme.keys.oa.base-url", "https://generativelanguage.googleapis.com");
        p.remove("router.tenants.acme.endpoints.main.model");
        ConfigurationException e = invalid(p);
        assertEquals("router.tenants.acme.endpoints.main.model", e.property());
        assertTrue(e.getMessage().contains("gemini"), e.getMessage());
    }

    @Test
    void anEndpointsKindIsChatByDefaultAndEmbeddingsWhereItsProtocolHasThem() {
        assertEquals(EndpointKind.CHAT, build(valid()).get("acme").pool().endpoints().get(0).endpoint().kind());
        Map<String, String> p = valid();
        p.put("router.tenants.acme.endpoints.main.kind", "embeddings");
        p.put("router.tenants.acme.endpoints.main.output-price", "0");
        assertEquals(EndpointKind.EMBEDDINGS, build(p).get("acme").pool().endpoints().get(0).endpoint().kind());

        p.put("router.tenants.acme.keys.oa.protocol", "anthropic");
        p.put("router.tenants.acme.keys.oa.base-url", "https://api.anthropic.com");
        ConfigurationException e = invalid(p);
        assertEquals("router.tenants.acme.endpoints.main.kind", e.property());
        assertTrue(e.getMessage().contains("anthropic") && e.getMessage().contains("openai, "), e.getMessage());

        p = valid();
        p.put("router.tenants.acme.endpoints.main.kind", "embeddings");
        e = invalid(p);
        assertEquals("router.tenants.acme.endpoints.main.output-price", e.property(), e.getMessage());

        Map<String, String> vision = valid();
        vision.put("router.tenants.acme.endpoints.main.kind", "vision");
        Exception unknown = assertThrows(RuntimeException.class, () -> build(vision));
        assertTrue(String.valueOf(unknown.getMessage()).contains("router.tenants.acme.endpoints.main.kind"),
                unknown.getMessage());
    }

    @Test
    void negativePriceNamesThePriceProperty() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.endpoints.main.output-price", "-0.5");
        assertEquals("router.tenants.acme.endpoints.main.output-price", invalid(p).property());
        p = valid();
        p.put("router.tenants.acme.endpoints.main.input-price", "-1");
        assertEquals("router.tenants.acme.endpoints.main.input-price", invalid(p).property());
    }

    @Test
    void badUrlNamesTheBaseUrlProperty() {
        for (String url : new String[] {"ftp://api.openai.com", "not a url", "https://user:pw@api.openai.com"}) {
            Map<String, String> p = valid();
            p.put("router.tenants.acme.keys.oa.base-url", url);
            ConfigurationException e = invalid(p);
            assertEquals("router.tenants.acme.keys.oa.base-url", e.property(), url);
            assertFalse(e.getMessage().contains("pw@"), "credentials echoed: " + e.getMessage());
        }
    }

    @Test
    void duplicateInboundKeyAcrossTenantsNamesTheTenantsButNotTheKey() {
        Map<String, String> p = valid();
        valid().forEach((k, v) -> p.put(k.replace("router.tenants.acme.", "router.tenants.bravo."), v));
        ConfigurationException e = invalid(p);
        assertEquals("router.tenants.bravo.api-keys", e.property());
        assertTrue(e.getMessage().contains("'acme'"), e.getMessage());
        assertFalse(e.getMessage().contains("acme-inbound"), "inbound key echoed: " + e.getMessage());
    }

    @Test
    void privateUpstreamRefusedUnlessAllowed() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.keys.oa.base-url", "http://169.254.169.254/v1");
        ConfigurationException e = invalid(p);
        assertEquals("router.tenants.acme.keys.oa.base-url", e.property());
        assertTrue(e.getMessage().contains("allow-private-upstreams"), e.getMessage());
        p.put("router.tenants.acme.keys.oa.base-url", "http://localhost:11434/v1");
        assertEquals("router.tenants.acme.keys.oa.base-url", invalid(p).property());
        p.put("router.security.allow-private-upstreams", "true");
        assertEquals(1, build(p).size());
    }

    @Test
    void noTenantSaysHowToConfigureOneOrRunTheDemo() {
        ConfigurationException e = invalid(Map.of("router.security.allow-private-upstreams", "false"));
        assertEquals("router.tenants", e.property());
        assertTrue(e.getMessage().contains("router.tenants.<tenant>.api-keys"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dquarkus.profile=demo"), e.getMessage());
    }

    @Test
    void missingInboundKeysAndBadLimitsNameTheirProperties() {
        Map<String, String> p = valid();
        p.remove("router.tenants.acme.api-keys");
        assertEquals("router.tenants.acme.api-keys", invalid(p).property());
        p = valid();
        p.put("router.tenants.acme.max-attempts", "0");
        assertEquals("router.tenants.acme.max-attempts", invalid(p).property());
        p = valid();
        p.put("router.tenants.acme.requests-per-minute", "0");
        assertEquals("router.tenants.acme.requests-per-minute", invalid(p).property());
        p = valid();
        p.put("router.tenants.acme.keys.oa.protocol", "openia");
        assertEquals("router.tenants.acme.keys.oa.protocol", invalid(p).property());
    }

    @Test
    void pricesMustBeFiniteNumbers() {
        for (String price : new String[] {"input-price", "output-price", "cache-read-price", "cache-write-price"}) {
            for (String value : new String[] {"Infinity", "-Infinity", "NaN", "1e400"}) {
                Map<String, String> p = valid();
                p.put("router.tenants.acme.endpoints.main." + price, value);
                ConfigurationException e = invalid(p);
                assertEquals("router.tenants.acme.endpoints.main." + price, e.property(), value);
                assertTrue(e.getMessage().contains("finite"), e.getMessage());
            }
        }
    }

    @Test
    void cachePricesDefaultToTheInputPrice() {
        Endpoint plain = build(valid()).get("acme").pool().endpoints().get(0).endpoint();
        assertEquals(0.001, plain.cacheReadPrice());
        assertEquals(0.001, plain.cacheWritePrice());
        Map<String, String> p = valid();
        p.put("router.tenants.acme.endpoints.main.cache-read-price", "0.0001");
        p.put("router.tenants.acme.endpoints.main.cache-write-price", "0.00125");
        Endpoint priced = build(p).get("acme").pool().endpoints().get(0).endpoint();
        assertEquals(0.0001, priced.cacheReadPrice());
        assertEquals(0.00125, priced.cacheWritePrice());
    }

    /** The endpoint {@code main} on a key of this protocol with this model. */
    private static Map<String, String> withModel(String protocol, String model) {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.keys.oa.protocol", protocol);
        p.put("router.tenants.acme.keys.oa.base-url", protocol.equals("gemini")
                ? "https://generativelanguage.googleapis.com" : "https://res.openai.azure.com");
        p.put("router.tenants.acme.endpoints.main.model", model);
        return p;
    }

    @Test
    void aModelThatGoesIntoTheUrlMustBeOnePathSegment() {
        for (String protocol : new String[] {"gemini", "azure-openai"}) {
            for (String model : new String[] {"../../evil?key=abc#frag", "gemini 2.0", "a/b", "x?y", "x#y",
                                              "back\\slash", "tab\there", "nul\u0000x", "nbsp\u00a0x", ".", "..",
                                              "models/../x", "tunedModels/a/b"}) {
                ConfigurationException e = invalid(withModel(protocol, model));
                assertEquals("router.tenants.acme.endpoints.main.model", e.property(), protocol + " " + model);
            }
        }
        for (String model : new String[] {"gemini-2.0-flash", "models/gemini-2.0-flash", "tunedModels/my-model-7f3a",
                                          "gemini-2.5-flash-preview-05-20"}) {
            assertEquals(1, build(withModel("gemini", model)).size(), model);
        }
        assertEquals(1, build(withModel("azure-openai", "gpt-4o-prod_2.1")).size());
        assertEquals("router.tenants.acme.endpoints.main.model",
                invalid(withModel("azure-openai", "models/gpt-4o")).property(), "no resource prefix for Azure");
    }

    private static Map<String, String> forwarding(String protocol, String baseUrl, String names) {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.keys.oa.protocol", protocol);
        p.put("router.tenants.acme.keys.oa.base-url", baseUrl);
        p.put("router.tenants.acme.keys.oa.forward-headers", names);
        return p;
    }

    @Test
    void forwardHeadersNameOnlyTheAccountHeadersOfTheKeysProtocol() {
        Tenant acme = build(forwarding("openai", "https://api.openai.com", "OpenAI-Organization, openai-project"))
                .get("acme");
        assertEquals(java.util.Set.of("openai-organization", "openai-project"),
                acme.pool().endpoints().get(0).endpoint().key().forwardHeaders());
        assertEquals(1, build(forwarding("anthropic", "https://api.anthropic.com", "anthropic-workspace-id")).size());
        assertEquals(1, build(forwarding("gemini", "https://generativelanguage.googleapis.com",
                "x-goog-user-project")).size());
        assertEquals(1, build(forwarding("openai-responses", "https://api.openai.com", "openai-project")).size());
        String[][] refused = {
            {"openai", "https://api.openai.com", "anthropic-workspace-id",
                "'anthropic-workspace-id' is not forwarded to a openai upstream; it takes openai-organization, "
                        + "openai-project"},
            {"anthropic", "https://api.anthropic.com", "openai-organization",
                "'openai-organization' is not forwarded to a anthropic upstream; it takes anthropic-workspace-id"},
            {"anthropic", "https://api.anthropic.com", "anthropic-beta",
                "'anthropic-beta' is not forwarded to a anthropic upstream; it takes anthropic-workspace-id"},
            {"cohere-v2", "https://api.cohere.com", "x-client-name",
                "'x-client-name' is not forwarded to a cohere-v2 upstream; it takes no account-scoped header from "
                        + "callers"},
            {"azure-openai", "https://res.openai.azure.com", "openai-organization",
                "'openai-organization' is not forwarded to a azure-openai upstream; it takes no account-scoped "
                        + "header from callers"},
        };
        for (String[] c : refused) {
            ConfigurationException e = invalid(forwarding(c[0], c[1], c[2]));
            assertEquals("router.tenants.acme.keys.oa.forward-headers", e.property(), c[2]);
            assertEquals("router.tenants.acme.keys.oa.forward-headers " + c[3], e.getMessage());
        }
    }

    @Test
    void forwardHeadersNeverNameCredentialsConnectionOrTheRoutersOwnHeaders() {
        for (String name : new String[] {"Authorization", "x-api-key", "cookie", "connection", "transfer-encoding",
            "x-router-tenant", "x-forwarded-for", "traceparent"}) {
            ConfigurationException e = invalid(forwarding("openai", "https://api.openai.com", name));
            assertEquals("router.tenants.acme.keys.oa.forward-headers", e.property(), name);
            assertTrue(e.getMessage().contains("is never sent upstream by the router"), e.getMessage());
        }
    }
}
