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
        "zero tokens per minute  | max-attempts=3                         | tokens-per-minute=0                      | must be at least 1",
        "budget not a number     | max-attempts=3                         | budget.usd=lots                          | is not a number",
        "budget over the maximum | max-attempts=3                         | budget.usd=2000000                       | at most 1000000",
        "budget period in months | max-attempts=3                         | budget.period=P1M                        | is not day, month or a duration",
        "anchor not an instant   | max-attempts=3                         | budget.period-anchor=monday              | not an ISO-8601 instant",
        "soft percent over 100   | max-attempts=3                         | budget.soft-percent=120                  | at most 100",
        "negative downgrade      | max-attempts=3                         | budget.downgrade-max-input-price=-1      | is negative",
        "unknown store failure   | max-attempts=3                         | on-store-failure=retry                   | is not one of",
        "strict not a boolean    | max-attempts=3                         | conversion.strict=yes                    | is not one of",
        "unknown endpoint kind   | flash.breaker.threshold=3              | flash.kind=images                        | is not one of",
        "negative cache price    | flash.breaker.threshold=3              | flash.cache-read-price=-1                | is negative",
        "literal named key       | max-attempts=3                         | inbound-keys.ci.key=sk-live-123          | sha256:<64 hex digits> or one ${VAR}",
        "reserved key name       | max-attempts=3                         | inbound-keys.api-keys.key=${CI_KEY}      | is reserved",
        "expiry not an instant   | max-attempts=3                         | inbound-keys.ci.expires=soon             | not an ISO-8601 instant",
        "key rate not positive   | max-attempts=3                         | inbound-keys.ci.requests-per-minute=0    | must be at least 1",
        "named key without key   | max-attempts=3                         | inbound-keys.ci.models=m                 | has no key",
    })
    void eachMistakeIsReported(String mistake, String from, String to, String expected) {
        String broken = VALID.replace(from, to);
        assertTrue(!broken.equals(VALID), "the replacement for '" + mistake + "' must change the file");
        List<String> problems = TenantFile.check("acme.properties", broken).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                () -> mistake + ": expected a problem containing '" + expected + "', got " + problems);
    }

    @Test
    void governanceAndEveryOtherTenantKeyIsAccepted() {
        String full = VALID + """
                router.tenants.acme.tokens-per-minute=100000
                router.tenants.acme.requests-per-minute=600
                router.tenants.acme.max-concurrent=20
                router.tenants.acme.budget.usd=250
                router.tenants.acme.budget.period=P7D
                router.tenants.acme.budget.period-anchor=2026-01-05T00:00:00Z
                router.tenants.acme.budget.soft-percent=80
                router.tenants.acme.budget.downgrade-max-input-price=0.0005
                router.tenants.acme.on-store-failure=fail-closed
                router.tenants.acme.conversion.strict=true
                router.tenants.acme.trace-content=false
                router.tenants.acme.keys.g.forward-headers=x-goog-user-project
                router.tenants.acme.keys.g.headers.x-goog-user-project=${ACME_PROJECT}
                router.tenants.acme.endpoints.flash.kind=chat
                router.tenants.acme.endpoints.flash.cache-read-price=0.000025
                router.tenants.acme.endpoints.flash.cache-write-price=0.0001
                router.tenants.acme.inbound-keys.ci.key=sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                router.tenants.acme.inbound-keys.ci.models=gemini-2.0-flash
                router.tenants.acme.inbound-keys.ci.expires=2027-01-01T00:00:00Z
                router.tenants.acme.inbound-keys.ci.budget.usd=10
                router.tenants.acme.inbound-keys.ci.budget.period=day
                router.tenants.acme.inbound-keys.batch.key=${ACME_BATCH_KEY}
                router.tenants.acme.inbound-keys.batch.max-concurrent=4
                """;
        assertEquals(List.of(), TenantFile.check("acme.properties", full).problems());
    }

    @Test
    void namedInboundKeysAloneLetCallersIn() {
        String named = VALID.replace("router.tenants.acme.api-keys=${ACME_INBOUND_KEYS}",
                "router.tenants.acme.inbound-keys.ci.key=${ACME_CI_KEY}");
        assertEquals(List.of(), TenantFile.check("acme.properties", named).problems());
        String none = VALID.replace("router.tenants.acme.api-keys=${ACME_INBOUND_KEYS}\n", "");
        assertTrue(TenantFile.check("acme.properties", none).problems().stream()
                .anyMatch(p -> p.contains("no api-keys and no inbound-keys")));
    }

    @Test
    void modelListEntriesAreCheckedForTheirValues() {
        String good = VALID + """
                router.tenants.acme.models."gpt-4.1".display-name=GPT-4.1
                router.tenants.acme.models.fast.created=2025-05-14T00:00:00Z
                router.tenants.acme.models.fast.input-token-limit=128000
                """;
        assertEquals(List.of(), TenantFile.check("acme.properties", good).problems());
        List<String> problems = TenantFile.check("acme.properties", VALID + """
                router.tenants.acme.models.fast.output-token-limit=0
                router.tenants.acme.models.fast.created=last spring
                router.tenants.acme.models.fast.colour=red
                """).problems();
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("output-token-limit must be at least 1")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("not an ISO-8601 instant")), problems::toString);
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
