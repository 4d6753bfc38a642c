package io.llmrouter.service.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.llmrouter.service.it.FakeUpstreams.GOV_CI_KEY;
import static io.llmrouter.service.it.FakeUpstreams.GOV_OLD_KEY;
import static io.llmrouter.service.it.FakeUpstreams.GOV_RPM_KEY;
import static io.llmrouter.service.it.FakeUpstreams.GOV_SOFT_KEY;
import static io.llmrouter.service.it.FakeUpstreams.GOV_SPENT_KEY;
import static io.llmrouter.service.it.FakeUpstreams.GOV_TPM_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.llmrouter.core.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Named inbound keys and their limits through the HTTP front door (tenant {@code gov} of {@link FakeUpstreams}, on the
 * local store, the wall clock standing at {@link ManualWallClock#START}): refusals come before any upstream call, in
 * the caller's format, with {@code Retry-After}; each is counted in {@code router_refusals}.
 */
@QuarkusTest
@TestProfile(UpstreamsProfile.class)
class GovernanceTest {

    private static final String ANTHROPIC = "{\"model\":\"%s\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    private static final String GEMINI = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}";

    WireMockServer wireMock;

    @BeforeEach
    void answerOk() {
        for (String endpoint : List.of("gov-cheap", "gov-dear")) {
            wireMock.stubFor(post(urlPathEqualTo("/" + endpoint + "/v1/chat/completions"))
                    .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
        }
    }

    private static Response anthropic(String key, String model) {
        return given().header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .contentType("application/json").body(String.format(ANTHROPIC, model)).post("/v1/messages");
    }

    private static Response gemini(String key, String model) {
        return given().header("x-goog-api-key", key).contentType("application/json").body(GEMINI)
                .post("/v1beta/models/" + model + ":generateContent");
    }

    private int upstreamCalls(String endpoint) {
        return wireMock.countRequestsMatching(postRequestedFor(urlPathEqualTo("/" + endpoint
                + "/v1/chat/completions")).build()).getCount();
    }

    private static String metrics() {
        return Clients.management().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static void assertRefusalCounted(String key, String scope, String reason) {
        String line = metrics().lines().filter(l -> l.startsWith("router_refusals_total{")
                && l.contains("key=\"" + key + "\"") && l.contains("reason=\"" + reason + "\"")
                && l.contains("scope=\"" + scope + "\"") && l.contains("tenant=\"gov\"")).findFirst().orElse(null);
        assertTrue(line != null && !line.endsWith(" 0.0"), "router_refusals for " + key + "/" + reason + ": " + line);
    }

    /** The first line of {@code /q/metrics} that starts with {@code prefix} and holds every label; null if none. */
    private static String metricLine(String prefix, String... labels) {
        return metrics().lines().filter(l -> l.startsWith(prefix) && List.of(labels).stream().allMatch(l::contains))
                .findFirst().orElse(null);
    }

    @Test
    void aKeyConfiguredByItsDigestCallsByItsNameAndOnlyItsModels() {
        Clients.openai(GOV_CI_KEY, "m-gov").then().statusCode(200).header("x-router-endpoint", "gov-cheap");
        int before = upstreamCalls("gov-dear");
        // a model of the tenant outside the key's allow-list is an unknown model, in the caller's format
        Clients.openai(GOV_CI_KEY, "m-gov-dear").then().statusCode(404).body("error.code",
                equalTo("model_not_found"));
        anthropic(GOV_CI_KEY, "m-gov-dear").then().statusCode(404).body("error.type", equalTo("not_found_error"));
        assertEquals(before, upstreamCalls("gov-dear"));
        assertRefusalCounted("ci", "key", "model_not_allowed");
        assertTrue(metricLine("router_requests_total{", "key=\"ci\"", "outcome=\"success\"", "tenant=\"gov\"")
                != null, "calls counted by the key's name");
        assertTrue(metricLine("router_cost_usd_total{", "key=\"ci\"", "tenant=\"gov\"") != null);
        // the models list shows the allow-list only; another key of the tenant sees every model
        given().header("Authorization", "Bearer " + GOV_CI_KEY).get("/v1/models").then().statusCode(200)
                .body("data.id", equalTo(List.of("m-gov")));
        given().header("Authorization", "Bearer " + GOV_RPM_KEY).get("/v1/models").then().statusCode(200)
                .body("data.id", equalTo(List.of("m-gov", "m-gov-dear")));
        given().header("Authorization", "Bearer " + GOV_CI_KEY).get("/v1/models/m-gov-dear").then()
                .statusCode(404);
    }

    @Test
    void anExpiredKeyIsRefused401() {
        Clients.openai(GOV_OLD_KEY, "m-gov").then().statusCode(401)
                .body("error.message", equalTo("API key expired"));
        gemini(GOV_OLD_KEY, "m-gov").then().statusCode(401).body("error.status", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Bearer " + GOV_OLD_KEY).get("/v1/models").then().statusCode(401)
                .body("error.message", equalTo("API key expired"));
        assertRefusalCounted("old", "-", "key_expired");
        String expiry = metricLine("router_inbound_key_expiry_seconds{", "key=\"old\"", "tenant=\"gov\"");
        assertTrue(expiry != null && expiry.contains("} -"), "expired: a negative number of seconds: " + expiry);
    }

    @Test
    void aKeysRequestRateIsRefused429UntilTheNextMinuteInEachFormat() {
        Clients.openai(GOV_RPM_KEY, "m-gov").then().statusCode(200);
        int calls = upstreamCalls("gov-cheap");
        Clients.openai(GOV_RPM_KEY, "m-gov").then().statusCode(429).header("Retry-After", "50")
                .body("error.message", equalTo("Rate limit of key 'rpm' exceeded (1 requests per minute)"));
        anthropic(GOV_RPM_KEY, "m-gov").then().statusCode(429).header("Retry-After", "50")
                .body("error.type", equalTo("rate_limit_error"));
        gemini(GOV_RPM_KEY, "m-gov").then().statusCode(429).body("error.status", equalTo("RESOURCE_EXHAUSTED"));
        assertEquals(calls, upstreamCalls("gov-cheap"), "refused before any upstream call");
        assertRefusalCounted("rpm", "key", "requests_per_minute");
    }

    @Test
    void aKeysTokenRateCountsTheRealUsageOfEachCall() {
        // The estimate of "Say hello" is under 25 tokens; the answer reports 29, which uses the minute up.
        Clients.openai(GOV_TPM_KEY, "m-gov").then().statusCode(200).header("x-router-input-tokens", "19");
        Clients.openai(GOV_TPM_KEY, "m-gov").then().statusCode(429).header("Retry-After", "50")
                .body("error.message", equalTo("Token rate limit of key 'tpm' exceeded (25 tokens per minute)"));
        assertRefusalCounted("tpm", "key", "tokens_per_minute");
    }

    @Test
    void aSpentBudgetIsRefusedWithWhenItResets() {
        Clients.openai(GOV_SPENT_KEY, "m-gov").then().statusCode(200);
        Response refused = Clients.openai(GOV_SPENT_KEY, "m-gov");
        refused.then().statusCode(429).header("x-router-budget-resets", "2026-12-01T00:00:00Z")
                .body("error.code", equalTo("insufficient_quota"))
                .body("error.message", equalTo("Budget exceeded: USD 0.00001 per month for key 'spent' of tenant "
                        + "'gov'; it resets at 2026-12-01T00:00:00Z"));
        // ten days, 12 hours, 17 minutes and 50 seconds to the first of December
        assertEquals(Long.toString(10 * 86_400 + 12 * 3_600 + 17 * 60 + 50), refused.header("Retry-After"));
        anthropic(GOV_SPENT_KEY, "m-gov").then().statusCode(429).body("error.type", equalTo("rate_limit_error"))
                .body("error.message", containsString("Budget exceeded"));
        gemini(GOV_SPENT_KEY, "m-gov").then().statusCode(429).body("error.status", equalTo("RESOURCE_EXHAUSTED"));
        assertRefusalCounted("spent", "key", "budget");
        assertTrue(metricLine("router_budget_limit_usd{", "key=\"spent\"", "scope=\"key\"", "tenant=\"gov\"")
                .endsWith(" 1.0E-5"));
        assertTrue(metricLine("router_budget_soft_limit{", "key=\"spent\"", "tenant=\"gov\"").endsWith(" 1.0"),
                "a budget used up is past its soft threshold");
    }

    @Test
    void pastItsSoftLimitAKeyIsToldAndServedOnlyByCheapEndpoints() {
        Clients.openai(GOV_SOFT_KEY, "m-gov").then().statusCode(200).header("x-router-budget-soft-limit",
                nullValue());
        Clients.openai(GOV_SOFT_KEY, "m-gov").then().statusCode(200)
                .header("x-router-budget-soft-limit", "key")
                .header("x-router-budget-used-percent", "3.9")
                .header("x-router-budget-resets", "2026-12-01T00:00:00Z")
                .header("x-router-downgraded", "0.002")
                .header("x-router-endpoint", "gov-cheap");
        int dear = upstreamCalls("gov-dear");
        Clients.openai(GOV_SOFT_KEY, "m-gov-dear").then().statusCode(429).body("error.message", equalTo(
                "Budget past its soft limit: no endpoint for 'm-gov-dear' at or below USD 0.002 per 1K input tokens"));
        assertEquals(dear, upstreamCalls("gov-dear"));
        assertRefusalCounted("soft", "key", "budget_downgrade");
        String metrics = metrics();
        assertTrue(metrics.contains("router_budget_soft_limit_calls_total{key=\"soft\",tenant=\"gov\"}"), metrics);
        assertTrue(metrics.contains("router_budget_downgraded_calls_total{key=\"soft\",tenant=\"gov\"}"));
    }
}
