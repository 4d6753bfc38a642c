package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The tenant file checker accepts every tenant property docs/configuration.md names, in its key table
 * ({@code router.tenants.<tenant>.…}) and in its examples ({@code router.tenants.acme.…}): a key added to the service
 * and its documentation fails here until the checker learns it, so the manifests' tenant files cannot be checked
 * against a stale grammar.
 */
class TenantFileGrammarTest {

    private static final Path CONFIGURATION = Kustomize.DEPLOYMENTS.resolveSibling("docs").resolve("configuration.md");
    /** A tenant property as the documentation writes it, with placeholders or with example names. */
    private static final Pattern NAMED = Pattern.compile("router\\.tenants\\.[A-Za-z0-9<>_.-]*[A-Za-z0-9>]");
    /** The placeholders of the key table and a name for each. */
    private static final Map<String, String> PLACEHOLDERS = Map.of("<tenant>", "acme", "<key>", "openai",
            "<endpoint>", "gpt-4o-mini", "<inbound-key>", "ci", "<header>", "anthropic-beta", "<model>", "gpt-4o");
    /** Names of groups, which prose names without a property under them. */
    private static final Set<String> GROUPS = Set.of("keys", "endpoints", "inbound-keys", "models", "budget",
            "breaker", "headers", "conversion");

    /** Every tenant property the documentation names, placeholders filled in; wildcards left out. */
    static TreeSet<String> documented() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = NAMED.matcher(Files.readString(CONFIGURATION));
        while (m.find()) {
            String name = m.group();
            for (Map.Entry<String, String> p : PLACEHOLDERS.entrySet()) {
                name = name.replace(p.getKey(), p.getValue());
            }
            String[] parts = name.split("\\.");
            if (parts.length > 3 && !GROUPS.contains(parts[parts.length - 1])) {
                names.add(name);
            }
        }
        return names;
    }

    @Test
    void everyDocumentedTenantPropertyIsAccepted() throws IOException {
        TreeSet<String> documented = documented();
        assertTrue(documented.size() > 60, "the table and the examples were read: " + documented);
        assertTrue(documented.contains("router.tenants.acme.inbound-keys.ci.budget.period-anchor"), "from the table");
        List<String> unknown = documented.stream().filter(n -> !TenantFile.PROPERTY.matcher(n).matches()).toList();
        assertEquals(List.of(), unknown, "tenant properties of docs/configuration.md that TenantFile rejects");
    }

    @Test
    void theContractsEndpointKindIsAcceptedAsChatOrEmbeddings() {
        assertTrue(TenantFile.PROPERTY.matcher("router.tenants.acme.endpoints.embed.kind").matches());
    }
}
