package io.llmrouter.service.it;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.llmrouter.service.it.FakeUpstreams.ACME_KEY_2;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.llmrouter.core.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With tracing off (the default), every call still has its usage record, as a bare JSON line; a caller's
 * {@code traceparent} lends its trace id to the record and the log context, and nothing is sent upstream.
 */
@QuarkusTest
@TestProfile(UpstreamsProfile.class)
class UsageRecordsWithoutTracingTest {

    WireMockServer wireMock;

    @Test
    void theRecordCarriesTheCallersTraceIdAndNoContextGoesUpstream() throws Exception {
        wireMock.stubFor(post(urlPathEqualTo("/share-a/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
        wireMock.stubFor(post(urlPathEqualTo("/share-b/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/response_text.json"))));
        try (LogCapture usage = LogCapture.of(TracingTest.USAGE)) {
            given().header("Authorization", "Bearer " + ACME_KEY_2).header("traceparent", TracingTest.TRACEPARENT)
                    .contentType("application/json").body(Clients.openaiBody("m-share", false))
                    .post("/v1/chat/completions").then().statusCode(200);
            String line = usage.nextLine(l -> l.contains(TracingTest.CALLER_TRACE));
            JsonNode r = new ObjectMapper().readTree(line);
            assertEquals(TracingTest.USAGE_FIELDS.size(), r.size());
            assertEquals("acme", r.get("tenant").asText());
            assertEquals("api-keys[1]", r.get("key_name").asText());
            assertEquals("success", r.get("outcome").asText());
            assertEquals(TracingTest.CALLER_TRACE, r.get("trace_id").asText());
            assertEquals(line + System.lineSeparator(), TracingTest.usageHandlerOutput(line));
            String endpoint = r.get("endpoint").asText();
            List<LoggedRequest> sent = wireMock.findAll(postRequestedFor(urlPathEqualTo("/" + endpoint
                    + "/v1/chat/completions")));
            assertTrue(!sent.isEmpty());
            assertNull(sent.get(sent.size() - 1).getHeader("traceparent"), "no trace context upstream while off");
        }
    }

    @Test
    void anUnreadableRequestHasItsRecordToo() throws Exception {
        try (LogCapture usage = LogCapture.of(TracingTest.USAGE)) {
            given().header("Authorization", "Bearer " + ACME_KEY_2).contentType("application/json")
                    .body("{\"model\":\"m-share\",\"messages\":").post("/v1/chat/completions").then().statusCode(400);
            JsonNode r = new ObjectMapper().readTree(usage.nextLine(l -> l.contains("invalid_request")));
            assertEquals(400, r.get("status").asInt());
            assertEquals(0, r.get("attempts").asInt());
            assertTrue(r.get("endpoint").isNull() && r.get("input_tokens").isNull() && r.get("ttft_ms").isNull());
        }
    }
}
