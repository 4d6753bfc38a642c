package io.llmrouter.service.config;

import static io.llmrouter.service.config.TenantRegistryConfigTest.config;
import static io.llmrouter.service.config.TenantRegistryConfigTest.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.WallClock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Named inbound keys and the limits of tenants and keys, as configured: what is accepted, what names its property. */
class InboundKeysConfigTest {

    private static final String CI = "router.tenants.acme.inbound-keys.ci.";
    private static final WallClock NOW = () -> Instant.parse("2026-11-20T11:42:10Z").toEpochMilli();

    private static TenantRegistry.Built build(Map<String, String> props) {
        return TenantRegistry.build(config(props), Ticker.SYSTEM, new LocalStateStore(NOW), NOW);
    }

    private static ConfigurationException invalid(Map<String, String> props) {
        return assertThrows(ConfigurationException.class, () -> build(props));
    }

    private static Map<String, String> withKey(String key) {
        Map<String, String> p = valid();
        p.put(CI + "key", key);
        return p;
    }

    @Test
    void aNamedKeyIsFoundByItselfOrByItsDigestInEitherCase() {
        String digest = HexFormat.of().formatHex(KeyIndex.sha256("ci-key-1"));
        for (String configured : List.of("ci-key-1", "sha256:" + digest, "SHA256:" + digest.toUpperCase())) {
            TenantRegistry.Built built = build(withKey(configured));
            TenantRegistry.Identity id = built.keys().find("ci-key-1");
            assertNotNull(id, configured);
            assertEquals("ci", id.keyName());
            assertEquals("acme", id.tenant().name());
            assertNull(built.keys().find("sha256:" + digest), "a digest is not a key");
        }
        assertEquals("api-keys[0]", build(withKey("ci-key-1")).keys().find("acme-inbound").keyName());
    }

    @Test
    void namedKeysAloneAreEnough() {
        Map<String, String> p = withKey("ci-key-1");
        p.remove("router.tenants.acme.api-keys");
        assertEquals(1, build(p).keys().size());
        p.remove(CI + "key");
        p.put(CI + "models", "gpt-4o-mini");
        assertEquals(CI + "key", invalid(p).property(), "a named key without its key");
    }

    @Test
    void allowListsAndExpiryAreKept() {
        Map<String, String> p = withKey("ci-key-1");
        p.put(CI + "models", "gpt-4o-mini, other");
        p.put(CI + "expires", "2027-01-01T00:00:00Z");
        InboundKey key = build(p).keys().find("ci-key-1").key();
        assertEquals(Set.of("gpt-4o-mini", "other"), key.models());
        assertEquals(List.of("gpt-4o-mini"), key.visible(List.of("gpt-4o-mini", "gpt-4o")));
        assertFalse(key.expired(NOW.millis()));
        assertTrue(key.expired(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli()));
        p.put(CI + "expires", "2026-01-01T00:00:00Z");
        assertTrue(build(p).keys().find("ci-key-1").key().expired(NOW.millis()), "an expired key loads");
    }

    @Test
    void badValuesNameTheirPropertyAndNeverTheKey() {
        assertEquals(CI + "key", invalid(withKey("sha256:abc")).property());
        Map<String, String> p = withKey("acme-inbound");
        ConfigurationException dup = invalid(p);
        assertEquals(CI + "key", dup.property());
        assertTrue(dup.getMessage().contains("key 'api-keys[0]' of tenant 'acme'"), dup.getMessage());
        assertFalse(dup.getMessage().contains("acme-inbound"), dup.getMessage());
        Map<String, Map.Entry<String, String>> cases = Map.of(
                CI + "expires", Map.entry(CI + "expires", "next year"),
                CI + "requests-per-minute", Map.entry(CI + "requests-per-minute", "0"),
                CI + "budget.usd", Map.entry(CI + "budget.usd", "2000000"),
                CI + "budget.period", Map.entry(CI + "budget.period", "P1M"),
                CI + "budget.period-anchor", Map.entry(CI + "budget.period-anchor", "monday"),
                CI + "budget.soft-percent", Map.entry(CI + "budget.soft-percent", "101"),
                "router.tenants.acme.budget.downgrade-max-input-price",
                Map.entry("router.tenants.acme.budget.downgrade-max-input-price", "-1"),
                "router.tenants.acme.tokens-per-minute", Map.entry("router.tenants.acme.tokens-per-minute", "0"));
        cases.forEach((property, setting) -> {
            Map<String, String> q = withKey("ci-key-1");
            q.put(setting.getKey(), setting.getValue());
            if (property.contains("budget.") && !property.endsWith(".usd")) {
                q.put(property.substring(0, property.indexOf("budget.")) + "budget.usd", "10");
            }
            assertEquals(property, invalid(q).property(), setting.toString());
        });
        Map<String, String> badName = valid();
        badName.put("router.tenants.acme.inbound-keys.api-keys.key", "k");
        assertEquals("router.tenants.acme.inbound-keys.api-keys", invalid(badName).property());
    }

    @Test
    void aKeyWithoutLimitsIsNotGovernedAndOneWithLimitsIs() {
        Map<String, String> p = withKey("ci-key-1");
        assertFalse(build(p).keys().find("ci-key-1").key().governor().governs());
        p.put(CI + "budget.usd", "250");
        assertTrue(build(p).keys().find("ci-key-1").key().governor().governs());
        p = withKey("ci-key-1");
        p.put("router.tenants.acme.requests-per-minute", "10");
        assertTrue(build(p).keys().find("acme-inbound").key().governor().governs(), "the tenant's limit applies");
    }
}
