package io.llmrouter.service.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.llmrouter.service.it.FakeUpstreams.ACME_KEY;
import static io.llmrouter.service.it.FakeUpstreams.ACME_KEY_2;
import static io.llmrouter.service.it.FakeUpstreams.DOOMED_KEY;
import static io.llmrouter.service.it.FakeUpstreams.LIMITED_KEY;
import static io.llmrouter.service.it.FakeUpstreams.SINGLE_KEY;
import static io.llmrouter.service.it.FakeUpstreams.UPSTREAM_SECRET;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.llmrouter.core.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Health checks and Prometheus metrics of the running router. */
@QuarkusTest
@TestProfile(UpstreamsProfile.class)
class ObservabilityTest {

    WireMockServer wireMock;

    @Test
    void livenessAndStartupAreUp() {
        Clients.management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Clients.management().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessStaysUpWhenATenantHasNoAdmissibleEndpointButTheUpstreamsGroupGoesDown() {
        Clients.management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'router-config' }.data.'acme.cheap-a'", equalTo("CLOSED"));
        breakDoomed();
        Clients.management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                // doom-a passes the caller's model through: the 503 benched that model, not the endpoint.
                .body("checks.find { it.name == 'router-config' }.data.'doomed.doom-a'", equalTo("CLOSED"))
                .body("checks.find { it.name == 'router-config' }.data.'doomed.doom-a[m-doom]'", equalTo("OPEN"));
        Clients.management().get("/q/health/group/upstreams").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks[0].data.'unserved.doomed'", equalTo("every endpoint's breaker is open"));
    }

    @Test
    void metricsDescribeCallsWithoutKeys() {
        wireMock.stubFor(post(urlPathEqualTo("/cheap-a/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
        Clients.openai(ACME_KEY, "m-cheap").then().statusCode(200);
        // A count of tokens at an OpenAI endpoint: the router's estimate, timed and counted as its own operation.
        given().header("x-api-key", ACME_KEY).contentType("application/json")
                .body("{\"model\":\"m-cheap\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages/count_tokens").then().statusCode(200).header("x-router-endpoint", "cheap-a");
        breakDoomed();
        String metrics = Clients.management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertLine(metrics, "router_requests_total{", "tenant=\"acme\"", "endpoint=\"cheap-a\"",
                "client_protocol=\"openai\"", "upstream_protocol=\"openai\"", "operation=\"chat\"",
                "outcome=\"success\"");
        assertLine(metrics, "router_requests_total{", "tenant=\"acme\"", "endpoint=\"cheap-a\"",
                "client_protocol=\"anthropic\"", "upstream_protocol=\"openai\"", "operation=\"count_tokens\"",
                "outcome=\"success\"");
        assertLine(metrics, "router_request_latency_seconds_bucket{", "tenant=\"acme\"", "endpoint=\"cheap-a\"",
                "operation=\"chat\"");
        assertLine(metrics, "router_request_latency_seconds_count{", "tenant=\"acme\"", "operation=\"chat\"");
        assertLine(metrics, "router_request_latency_seconds_count{", "tenant=\"acme\"",
                "client_protocol=\"anthropic\"", "operation=\"count_tokens\"");
        assertLine(metrics, "gen_ai_client_operation_duration_seconds_count{", "tenant=\"acme\"",
                "gen_ai_operation_name=\"count_tokens\"");
        assertLine(metrics, "gen_ai_client_operation_duration_seconds_count{", "tenant=\"acme\"",
                "gen_ai_operation_name=\"chat\"");
        assertLine(metrics, "router_tokens_total{", "endpoint=\"cheap-a\"", "accuracy=\"accurate\"",
                "direction=\"input\"");
        assertLine(metrics, "router_tokens_total{", "endpoint=\"cheap-a\"", "direction=\"output\"");
        assertLine(metrics, "router_cost_usd_total{", "tenant=\"acme\"", "endpoint=\"cheap-a\"");
        assertLine(metrics, "router_failovers_total{", "tenant=\"doomed\"", "endpoint=\"doom-a\"");
        assertLine(metrics, "router_breaker_state{", "tenant=\"doomed\"", "endpoint=\"doom-a\"", "} 0.0");
        assertLine(metrics, "router_breaker_models_not_closed{", "tenant=\"doomed\"", "endpoint=\"doom-a\"",
                "} 1.0");
        assertLine(metrics, "router_breaker_state{", "tenant=\"acme\"", "endpoint=\"cheap-a\"", "} 0.0");
        for (String secret : new String[] {ACME_KEY, ACME_KEY_2, DOOMED_KEY, LIMITED_KEY, SINGLE_KEY, UPSTREAM_SECRET,
                                           "sim-key", "sim-upstream-key"}) {
            assertFalse(metrics.contains(secret), "metrics expose a key");
        }
    }

    /**
     * HTTP server metrics without path regexes (application.properties): every route tags its template, so the
     * model in a Gemini path or an unknown path never becomes a tag value.
     */
    @Test
    void httpServerMetricsTagRouteTemplatesNotPaths() {
        wireMock.stubFor(post(urlPathEqualTo("/cheap-a/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
        Clients.openai(ACME_KEY, "m-cheap").then().statusCode(200);
        given().header("x-goog-api-key", ACME_KEY).contentType("application/json")
                .body("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}")
                .post("/v1beta/models/model-in-path-42:generateContent").then().statusCode(404);
        given().get("/no-such-route-42").then().statusCode(404);
        // A 405 from JAX-RS, on a route with a variable segment and on one with a variable path parameter.
        given().get("/v1beta/models/model-in-path-42:generateContent").then().statusCode(405);
        given().get("/simulator/mode-42/openai/chat/completions").then().statusCode(405);
        Clients.management().get("/q/health/live").then().statusCode(200);
        String metrics = Clients.management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertLine(metrics, "http_server_requests_seconds_count{", "method=\"POST\"", "status=\"200\"",
                "uri=\"/v1/chat/completions\"");
        assertLine(metrics, "http_server_requests_seconds_count{", "status=\"404\"",
                "uri=\"/v1beta/models/{call}\"");
        assertLine(metrics, "http_server_requests_seconds_count{", "status=\"404\"", "uri=\"NOT_FOUND\"");
        // A GET of a model path is the Gemini models door's route (get a model), which takes no method call.
        assertLine(metrics, "http_server_requests_seconds_count{", "method=\"GET\"", "status=\"405\"",
                "uri=\"/v1beta/models/{model}\"");
        assertLine(metrics, "http_server_requests_seconds_count{", "status=\"405\"", "uri=\"/simulator/*\"");
        assertLine(metrics, "http_server_requests_seconds_count{", "uri=\"/q/health/live\"");
        assertFalse(metrics.contains("-42"), "a path became a tag value");
    }

    /**
     * Health and metrics name every tenant, endpoint and breaker: they are served on the management port only. On the
     * API port nothing under /q answers but the 404 of an unknown route, in the caller's format, naming no tenant.
     */
    @Test
    void operationsDataIsServedOnTheManagementPortOnly() {
        Clients.openai(ACME_KEY, "m-cheap");
        Clients.management().get("/q/health").then().statusCode(200).body(containsString("acme.cheap-a"));
        Clients.management().get("/q/metrics").then().statusCode(200).body(containsString("router_requests_total"));
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
                                         "/q/health/group/upstreams", "/q/health/well", "/q/metrics", "/q/dev",
                                         "/q/dev-ui", "/q/openapi", "/q/swagger-ui", "/q/info", "/q/arc",
                                         "/q/arc/beans", "/q/", "/q"}) {
            String body = given().get(path).then().statusCode(404).contentType("application/json")
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.message", startsWith("No route for GET " + path)).extract().asString();
            for (String operational : new String[] {"acme", "doomed", "cheap-a", "router_", "UP", "CLOSED"}) {
                assertFalse(body.contains(operational), path + " answers " + body);
            }
        }
        // Nor does the model list answer without a key.
        String models = given().get("/v1/models").then().statusCode(401).extract().asString();
        assertFalse(models.contains("m-cheap"), models);
    }

    /**
     * Opens the breaker of the only model of tenant doomed's only endpoint (threshold 1); later calls are answered
     * 503 without an upstream.
     */
    private void breakDoomed() {
        wireMock.stubFor(post(urlPathEqualTo("/doom-a/v1/chat/completions")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text("constructed/gemini/error_503_unavailable.json"))));
        int status = Clients.openai(DOOMED_KEY, "m-doom").statusCode();
        assertTrue(status == 502 || status == 503, "doomed answered " + status);
    }

    static void assertLine(String metrics, String start, String... parts) {
        boolean found = Arrays.stream(metrics.split("\n"))
                .anyMatch(l -> l.startsWith(start) && Arrays.stream(parts).allMatch(l::contains));
        assertTrue(found, "no metric line " + start + " with " + Arrays.toString(parts));
    }
}
