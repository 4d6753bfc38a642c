package io.llmrouter.service.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.llmrouter.core.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's key table is rendered from the {@code @ConfigMapping} interface {@code RouterConfig} and its
 * Javadoc, so the reference cannot drift from the code: a key added, renamed or re-documented there fails this test
 * until the table is regenerated with
 * {@code ./mvnw -pl router-service -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Ddocs.write=true}.
 */
class ConfigurationDocTest {

    static final Path ROOT = TestData.repositoryRoot();
    private static final Path CONFIG_SOURCES = ROOT.resolve("router-service/src/main/java/io/llmrouter/service/config");
    /**
     * The value types of the mapping declared outside its package: router-core's policy of the meters, router-api's
     * kind of endpoint.
     */
    private static final List<Path> VALUE_TYPES = List.of(
            ROOT.resolve("router-core/src/main/java/io/llmrouter/core/governance/StoreFailure.java"),
            ROOT.resolve("router-api/src/main/java/io/llmrouter/api/EndpointKind.java"));
    private static final Path DOC = ROOT.resolve("docs/configuration.md");
    private static final String REGENERATE = "./mvnw -pl router-service -am test -Dtest=ConfigurationDocTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + GeneratedSection.WRITE + "=true";

    static List<ConfigKey> keys() {
        return ConfigMappingReader.read(CONFIG_SOURCES, VALUE_TYPES, "RouterConfig", "router");
    }

    @Test
    void theKeyTableIsTheOneRenderedFromRouterConfig() {
        GeneratedSection section = new GeneratedSection(DOC, "configuration keys");
        String expected = section.render(table(keys()));
        if (GeneratedSection.writing()) {
            section.write(expected);
        }
        String actual = section.read();
        if (!expected.equals(actual)) {
            fail("docs/configuration.md is out of date with RouterConfig.java (" + firstDifference(expected, actual)
                    + "); regenerate it with: " + REGENERATE);
        }
    }

    @Test
    void theReaderFindsEveryKindOfKey() {
        Map<String, ConfigKey> byName = keys().stream().collect(Collectors.toMap(ConfigKey::name,
                Function.identity()));
        // A map of groups, a list, an int with its default, a nested group two maps deep, an enum, a size.
        ConfigKey apiKeys = byName.get("router.tenants.<tenant>.api-keys");
        assertEquals("comma-separated strings", apiKeys.type());
        assertEquals("required", apiKeys.defaultValue(), "an Optional documented as required");
        assertEquals("not set", byName.get("router.tenants.<tenant>.max-concurrent").defaultValue());
        assertTrue(apiKeys.meaning().startsWith("Inbound keys that select this tenant"), apiKeys.meaning());
        assertTrue(apiKeys.meaning().contains("`Authorization: Bearer`"), "{@code} became Markdown code");
        assertEquals("`3`", byName.get("router.tenants.<tenant>.max-attempts").defaultValue());
        assertEquals("duration", byName.get("router.tenants.<tenant>.endpoints.<endpoint>.breaker.recovery-timeout")
                .type());
        ConfigKey transport = byName.get("router.upstream.transport");
        assertEquals("`rest-client` \\| `vertx`", transport.type());
        assertTrue(transport.meaning().contains("`vertx`: Vert.x HTTP client"), transport.meaning());
        assertEquals("`fail-open` \\| `fail-closed`", byName.get("router.state.on-store-failure").type(),
                "an enum of router-core");
        assertEquals("`fail-open` \\| `fail-closed`", byName.get("router.tenants.<tenant>.on-store-failure").type());
        assertEquals("size", byName.get("router.limits.max-body-size").type());
        assertEquals("`10M`", byName.get("router.limits.max-body-size").defaultValue());
        assertEquals("`0`", byName.get("router.tenants.<tenant>.endpoints.<endpoint>.input-price").defaultValue());
        for (ConfigKey key : byName.values()) {
            assertTrue(key.name().startsWith("router."), key.name());
            assertTrue(!key.meaning().isBlank(), key.name() + " has no Javadoc in RouterConfig");
        }
    }

    @Test
    void everyRouterPropertyInTheExamplesIsAKey() {
        // The examples of docs/configuration.md and the README use only keys of the table.
        List<Pattern> keys = keys().stream().map(k -> Pattern.compile(
                Pattern.quote(k.name()).replaceAll("<[a-z-]+>", "\\\\E[A-Za-z0-9_-]+\\\\Q"))).toList();
        List<String> unknown = new ArrayList<>();
        for (Path doc : List.of(DOC, ROOT.resolve("README.md"))) {
            Matcher property = Pattern.compile("(?m)^(?:%[a-z]+\\.)?(router\\.[A-Za-z0-9_.<>-]+)\\s*=")
                    .matcher(new GeneratedSection(doc, "").read());
            while (property.find()) {
                String name = property.group(1);
                if (keys.stream().noneMatch(k -> k.matcher(name).matches())) {
                    unknown.add(doc.getFileName() + ": " + name);
                }
            }
        }
        assertEquals(List.of(), unknown, "example properties that RouterConfig does not define");
    }

    /** The first line where the two texts differ, both versions of it. */
    static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String want = i < e.length ? e[i] : "<end of file>";
            String got = i < a.length ? a[i] : "<end of file>";
            if (!want.equals(got)) {
                return "line " + (i + 1) + " should be '" + want + "' but is '" + got + "'";
            }
        }
        return "no difference";
    }

    /** The Markdown table of the keys, in declaration order. */
    static String table(List<ConfigKey> keys) {
        StringBuilder out = new StringBuilder();
        out.append("| key | type | default | meaning |\n|---|---|---|---|\n");
        for (ConfigKey k : keys) {
            out.append("| `").append(k.name()).append("` | ").append(k.type()).append(" | ").append(k.defaultValue())
                    .append(" | ").append(k.meaning()).append(" |\n");
        }
        return out.toString();
    }
}
