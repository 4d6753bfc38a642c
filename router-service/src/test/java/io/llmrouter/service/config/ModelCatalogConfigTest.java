package io.llmrouter.service.config;

import static io.llmrouter.service.config.TenantRegistryConfigTest.build;
import static io.llmrouter.service.config.TenantRegistryConfigTest.invalid;
import static io.llmrouter.service.config.TenantRegistryConfigTest.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.EndpointKind;
import io.llmrouter.api.error.ConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code router.tenants.<t>.models.<model>.*}: what the model lists say of a model, and how a mistake is named. */
class ModelCatalogConfigTest {

    private static final String M = "router.tenants.acme.models.gpt-4o-mini.";

    @Test
    void aConfiguredModelIsDescribedAsConfigured() {
        Map<String, String> p = valid();
        p.put(M + "display-name", " GPT-4o mini ");
        p.put(M + "created", "2024-07-18T00:00:00Z");
        p.put(M + "version", "2024-07-18");
        p.put(M + "input-token-limit", "128000");
        p.put(M + "output-token-limit", "16384");
        PublicModel model = build(p).get("acme").describe("gpt-4o-mini");
        assertEquals(new PublicModel("gpt-4o-mini", "GPT-4o mini", 1721260800L, "2024-07-18", 128000, 16384,
                Set.of(EndpointKind.CHAT)), model);
    }

    @Test
    void aModelWithoutAnEntryIsDescribedByItsNameAlone() {
        Tenant acme = build(valid()).get("acme");
        assertEquals(new PublicModel("gpt-4o-mini", "gpt-4o-mini", 0, null, null, null, Set.of(EndpointKind.CHAT)),
                acme.describe("gpt-4o-mini"));
        assertEquals(Set.of(EndpointKind.CHAT), acme.kinds("gpt-4o-mini"));
        assertEquals(Set.of(), acme.kinds("gpt-5"));
    }

    @Test
    void theListsGiveTheNewestFirstThenByName() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.endpoints.main.models", "zeta,gpt-4o-mini,alpha,beta,old");
        p.put("router.tenants.acme.models.beta.created", "2025-01-01T00:00:00Z");
        p.put("router.tenants.acme.models.zeta.created", "2025-06-01T00:00:00Z");
        p.put("router.tenants.acme.models.old.created", "2020-01-01T00:00:00Z");
        assertEquals(List.of("zeta", "beta", "old", "alpha", "gpt-4o-mini"), build(p).get("acme").publicModels());
    }

    @Test
    void aModelIsServedForWhatItsEndpointsServe() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.endpoints.main.models", "gpt-4o-mini,both");
        String e = "router.tenants.acme.endpoints.embed.";
        p.put(e + "key", "oa");
        p.put(e + "kind", "embeddings");
        p.put(e + "model", "text-embedding-3-small");
        p.put(e + "models", "text-embedding-3-small,both");
        p.put(e + "input-price", "0.00002");
        Tenant acme = build(p).get("acme");
        assertEquals(Set.of(EndpointKind.CHAT), acme.kinds("gpt-4o-mini"));
        assertEquals(Set.of(EndpointKind.EMBEDDINGS), acme.kinds("text-embedding-3-small"));
        assertEquals(Set.of(EndpointKind.CHAT, EndpointKind.EMBEDDINGS), acme.kinds("both"));
    }

    @Test
    void anEntryForAModelNoEndpointServesIsRefused() {
        Map<String, String> p = valid();
        p.put("router.tenants.acme.models.gpt-4o-mimi.display-name", "typo");
        ConfigurationException e = invalid(p);
        assertEquals("router.tenants.acme.models.gpt-4o-mimi", e.property());
        assertTrue(e.getMessage().contains("[gpt-4o-mini]"), e.getMessage());
    }

    @Test
    void badValuesNameTheirProperty() {
        String[][] cases = {{"display-name", "x".repeat(257)}, {"version", "v".repeat(65)},
                {"created", "yesterday"}, {"created", "1969-12-31T23:59:59Z"}, {"input-token-limit", "0"},
                {"output-token-limit", "-5"}};
        for (String[] c : cases) {
            Map<String, String> p = valid();
            p.put(M + c[0], c[1]);
            assertEquals(M + c[0], invalid(p).property(), c[0] + "=" + c[1]);
        }
    }
}
