package io.llmrouter.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.breaker.Ticker;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenant files in {@code router.tenants-dir}: one tenant per file, merged into the configuration. */
class TenantDirectoryConfigSourceFactoryTest {

    @TempDir
    Path dir;

    static String tenantFile(String tenant) {
        return TenantRegistryConfigTest.valid().entrySet().stream()
                .map(e -> e.getKey().replace("router.tenants.acme.", "router.tenants." + tenant + ".") + "="
                        + e.getValue().replace("acme-inbound", tenant + "-inbound"))
                .collect(Collectors.joining("\n", "# tenant " + tenant + "\n", "\n"));
    }

    RouterConfig config() {
        return new SmallRyeConfigBuilder().withMapping(RouterConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(Map.of("router.tenants-dir", dir.toString()), "test", 100))
                .withSources(new TenantDirectoryConfigSourceFactory()).build()
                .getConfigMapping(RouterConfig.class);
    }

    @Test
    void twoTenantFilesMakeTwoTenants() throws IOException {
        Files.writeString(dir.resolve("north.properties"), tenantFile("north"));
        Files.writeString(dir.resolve("south.properties"), tenantFile("south"));
        Files.writeString(dir.resolve("README.txt"), "not a tenant file: ignored");
        Map<String, Tenant> tenants = TenantRegistry.build(config(), Ticker.SYSTEM).tenants();
        assertEquals(java.util.Set.of("north", "south"), tenants.keySet());
        assertEquals("main", tenants.get("south").pool().endpoints().get(0).name());
    }

    @Test
    void aFileWithTwoTenantsIsRefused() throws IOException {
        Files.writeString(dir.resolve("both.properties"), tenantFile("north") + tenantFile("south"));
        Exception e = assertThrows(Exception.class, this::config);
        String message = rootMessage(e);
        assertTrue(message.contains("both.properties") && message.contains("one file per tenant"), message);
    }

    @Test
    void aNonTenantPropertyIsRefused() throws IOException {
        Files.writeString(dir.resolve("x.properties"), "router.security.allow-private-upstreams=true\n");
        String message = rootMessage(assertThrows(Exception.class, this::config));
        assertTrue(message.contains("is not a tenant property"), message);
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
