package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tenant file checker catches each kind of mistake, so a green manifest test means something. */
class TenantFileTest {

    private static final String VALID = """
            router.tenants.acme.api-keys=${ACME_INBOUND_KEYS}
            router.tenants.acme.max-attempts=3
            router.tenants.acme.keys.g.protocol=gemini
            router.tenants.acme.keys.g.base-url=https://generativelanguage.googleapis.com
            router.tenants.acme.keys.g.api-key=${ACME_GEMINI_API_KEY}
            router.tenants.acme.endpoints.flash.key=g
            router.tenants.acme.endpoints.flash.model=gemini-2.0-flash
            router.tenants.acme.endpoints.flash.input-price=0.0001
            router.tenants.acme.endpoints.flash.output-price=0
            router.tenants.acme.endpoints.flash.breaker.threshold=3
            router.tenants.acme.endpoints.flash.breaker.recovery-timeout=60s
            """;

    @Test
    void validFileHasNoProblemsAndListsItsReferences() {
        TenantFile.Report report = TenantFile.check("acme.properties", VALID);
        assertEquals(List.of(), report.problems());
        assertEquals(Set.of("acme"), report.tenants());
        assertEquals(Set.of("ACME_INBOUND_KEYS", "ACME_GEMINI_API_KEY"), report.references());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "literal inbound key     | api-keys=${ACME_INBOUND_KEYS}          | api-keys=sk-live-123                     | api-keys must be ${VAR}",
        "literal upstream key    | api-key=${ACME_GEMINI_API_KEY}         | api-key=AIzaSyLiteral                    | api-key must be one ${VAR}",
        "reference with default  | api-key=${ACME_GEMINI_API_KEY}         | api-key=${ACME_GEMINI_API_KEY:x}         | no default",
        "plain http upstream     | base-url=https://generative            | base-url=http://generative               | must be an https URL",
        "unknown protocol        | protocol=gemini                        | protocol=bard                            | unknown protocol",
        "undefined key           | flash.key=g                            | flash.key=nope                           | which is not defined",
        "negative price          | input-price=0.0001                     | input-price=-0.5                         | is negative",
        "price not a number      | output-price=0                         | output-price=free                        | is not a number",
        "gemini without model    | flash.model=gemini-2.0-flash           | flash.model=                             | gemini endpoints need a model",
        "unknown property        | max-attempts=3                         | max-retries=3                            | is not a router tenant property",
        "second tenant           | router.tenants.acme.max-attempts=3     | router.tenants.other.max-attempts=3      | one tenant per file",
        "zero attempts           | max-attempts=3                         | max-attempts=0                           | must be at least 1",
        "bad recovery timeout    | recovery-timeout=60s                   | recovery-timeout=soon                    | is not a duration",
        "api-version not azure   | max-attempts=3                         | keys.g.api-version=2024-10-21            | azure-openai keys only",
    })
    void eachMistakeIsReported(String mistake, String from, String to, String expected) {
        String broken = VALID.replace(from, to);
        assertTrue(!broken.equals(VALID), "the replacement for '" + mistake + "' must change the file");
        List<String> problems = TenantFile.check("acme.properties", broken).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                () -> mistake + ": expected a problem containing '" + expected + "', got " + problems);
    }

    @Test
    void fileNameMustBeTheTenantName() {
        List<String> problems = TenantFile.check("tenant-a.properties", VALID).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("must be in a file named acme.properties")),
                problems::toString);
    }

    @Test
    void emptyFileDefinesNoTenant() {
        assertEquals(List.of("x.properties: defines no tenant"), TenantFile.check("x.properties", "# nothing\n").problems());
    }
}
