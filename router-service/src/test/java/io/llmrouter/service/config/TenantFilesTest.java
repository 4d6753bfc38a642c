package io.llmrouter.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.error.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant files read by the application ({@link TenantFiles}, {@link TenantSource}): one tenant per file, a tenant in
 * several files, expressions and profiles as at start-up, and every problem named by file and property.
 */
class TenantFilesTest {

    @TempDir
    Path dir;

    /** Tenant {@code acme}'s valid properties renamed for {@code tenant}, as file lines. */
    static String tenantFile(String tenant) {
        return lines(TenantRegistryConfigTest.valid(), tenant);
    }

    static String lines(Map<String, String> props, String tenant) {
        return props.entrySet().stream()
                .map(e -> e.getKey().replace("router.tenants.acme.", "router.tenants." + tenant + ".") + "="
                        + e.getValue().replace("acme-inbound", tenant + "-inbound"))
                .sorted().collect(Collectors.joining("\n", "# tenant " + tenant + "\n", "\n"));
    }

    /** The application's configuration: Quarkus' converters, the given properties and profile. */
    static SmallRyeConfig running(Map<String, String> props, String... profiles) {
        return new SmallRyeConfigBuilder().withMapping(RouterConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withProfiles(java.util.List.of(profiles))
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(props, "application", 250)).build();
    }

    private RouterConfig load(Map<String, String> running) {
        return new TenantSource(running(running)).load(TenantFiles.read(dir));
    }

    @Test
    void twoTenantFilesMakeTwoTenants() throws IOException {
        Files.writeString(dir.resolve("north.properties"), tenantFile("north"));
        Files.writeString(dir.resolve("south.properties"), tenantFile("south"));
        Files.writeString(dir.resolve("README.txt"), "not a tenant file: ignored");
        Map<String, Tenant> tenants = TenantRegistry.build(load(Map.of()), io.llmrouter.core.breaker.Ticker.SYSTEM)
                .tenants();
        assertEquals(Set.of("north", "south"), tenants.keySet());
        assertEquals("main", tenants.get("south").pool().endpoints().get(0).name());
    }

    @Test
    void aTenantMaySpanAConfigMapFileAndASecretFile() throws IOException {
        Map<String, String> props = new HashMap<>(TenantRegistryConfigTest.valid());
        String secret = props.remove("router.tenants.acme.keys.oa.api-key");
        Files.writeString(dir.resolve("acme.properties"), lines(props, "acme"));
        Files.writeString(dir.resolve("acme.secret.properties"), "router.tenants.acme.keys.oa.api-key=" + secret);
        Tenant acme = TenantRegistry.build(load(Map.of()), io.llmrouter.core.breaker.Ticker.SYSTEM).tenants()
                .get("acme");
        assertEquals(secret, acme.pool().endpoints().get(0).endpoint().key().apiKey());
    }

    @Test
    void expressionsAndProfilesResolveAsAtStartUp() throws IOException {
        Map<String, String> props = new HashMap<>(TenantRegistryConfigTest.valid());
        props.put("router.tenants.acme.keys.oa.api-key", "${OA_SECRET}");
        props.put("%staging.router.tenants.acme.max-attempts", "1");
        props.put("router.tenants.acme.endpoints.main.breaker.recovery-timeout", "45s");
        Files.writeString(dir.resolve("acme.properties"), lines(props, "acme"));
        Map<String, String> running = Map.of("OA_SECRET", "sk-from-the-environment");
        RouterConfig.TenantConfig plain = load(running).tenants().get("acme");
        assertEquals("sk-from-the-environment", plain.keys().get("oa").apiKey().orElseThrow());
        assertEquals(3, plain.maxAttempts());
        assertEquals(Duration.ofSeconds(45), plain.endpoints().get("main").breaker().recoveryTimeout());
        RouterConfig staging = new TenantSource(running(running, "staging")).load(TenantFiles.read(dir));
        assertEquals(1, staging.tenants().get("acme").maxAttempts());
    }

    @Test
    void anUnknownKeyIsRefusedNamingFileAndProperty() throws IOException {
        Files.writeString(dir.resolve("acme.properties"), tenantFile("acme")
                + "router.tenants.acme.endpoints.main.input-prise=0.1\n");
        String m = assertThrows(ConfigurationException.class, () -> load(Map.of())).getMessage();
        assertTrue(m.contains("router.tenants.acme.endpoints.main.input-prise")
                && m.contains("tenant file " + dir.resolve("acme.properties")), m);
    }

    @Test
    void aBadValueIsRefusedNamingFileAndProperty() throws IOException {
        Files.writeString(dir.resolve("acme.properties"), tenantFile("acme")
                + "router.tenants.acme.endpoints.main.breaker.recovery-timeout=soon\n");
        String m = assertThrows(ConfigurationException.class, () -> load(Map.of())).getMessage();
        assertTrue(m.contains("router.tenants.acme.endpoints.main.breaker.recovery-timeout")
                && m.contains("tenant file " + dir.resolve("acme.properties")), m);
    }

    @Test
    void aPropertyInTwoFilesIsRefusedNamingBoth() throws IOException {
        Files.writeString(dir.resolve("acme.properties"), tenantFile("acme"));
        Files.writeString(dir.resolve("acme.secret.properties"), "router.tenants.acme.keys.oa.api-key=other\n");
        String m = assertThrows(ConfigurationException.class, () -> load(Map.of())).getMessage();
        assertTrue(m.startsWith("router.tenants.acme.keys.oa.api-key is set in two tenant files")
                && m.contains(dir.resolve("acme.properties").toString())
                && m.contains(dir.resolve("acme.secret.properties").toString()), m);
    }

    @Test
    void aFileWithTwoTenantsIsRefused() throws IOException {
        Files.writeString(dir.resolve("both.properties"), tenantFile("north") + tenantFile("south"));
        String m = assertThrows(ConfigurationException.class, () -> load(Map.of())).getMessage();
        assertTrue(m.contains("both.properties") && m.contains("one file per tenant"), m);
    }

    @Test
    void aNonTenantPropertyIsRefused() throws IOException {
        Files.writeString(dir.resolve("x.properties"), "router.security.allow-private-upstreams=true\n");
        String m = assertThrows(ConfigurationException.class, () -> load(Map.of())).getMessage();
        assertTrue(m.startsWith("router.security.allow-private-upstreams in tenant file")
                && m.contains("is not a tenant property"), m);
    }

    @Test
    void aValidationProblemNamesTheTenantsFile() throws IOException {
        Files.writeString(dir.resolve("acme.properties"), tenantFile("acme")
                .replace("endpoints.main.key=oa", "endpoints.main.key=nope"));
        TenantSource source = new TenantSource(running(Map.of()));
        TenantFiles files = TenantFiles.read(dir);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> TenantRegistry.build(
                source.load(files), io.llmrouter.core.breaker.Ticker.SYSTEM));
        String m = TenantSource.located(files, e).getMessage();
        assertTrue(m.startsWith("router.tenants.acme.endpoints.main.key refers to 'nope'")
                && m.endsWith("(tenant file " + dir.resolve("acme.properties") + ")"), m);
    }

    @Test
    void theFingerprintFollowsAKubeletSwapThroughDataLinks() {
        KubeletVolume volume = new KubeletVolume(dir);
        volume.publish(Map.of("acme.properties", tenantFile("acme")));
        String first = TenantFiles.read(dir).fingerprint();
        assertEquals(first, TenantFiles.read(dir).fingerprint());
        assertEquals(Set.of("acme.properties"), TenantFiles.read(dir).names());
        volume.publish(Map.of("acme.properties", tenantFile("acme").replace("0.002", "0.003")));
        String changed = TenantFiles.read(dir).fingerprint();
        assertNotEquals(first, changed);
        volume.publish(Map.of("acme.properties", tenantFile("acme").replace("0.002", "0.003"),
                "globex.properties", tenantFile("globex")));
        assertEquals(Set.of("acme.properties", "globex.properties"), TenantFiles.read(dir).names());
        assertNotEquals(changed, TenantFiles.read(dir).fingerprint());
    }
}
