package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.genai.Client;
import com.google.genai.types.CountTokensResponse;
import com.google.genai.types.HttpOptions;
import io.llmrouter.core.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Gemini's {@code :countTokens} door: its {@code {contents}} body (the recorded one) or a wrapped generateContent
 * request, counted by the endpoint the model routes to, answered {@code {"totalTokens": N}}, errors in Gemini's format;
 * the official google-genai SDK's {@code models.countTokens} through it.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class GeminiCountTokensTest extends WireMockRouterTest {

    private static final String WRAPPED = """
            {"generateContentRequest":{"model":"models/x","systemInstruction":{"parts":[{"text":"You are a pirate"}]},
             "contents":[{"role":"user","parts":[{"text":"Hello there"}]}]}}""";

    private RequestSpecification caller() {
        return given().header("x-goog-api-key", ProtocolsProfile.KEY).contentType("application/json");
    }

    /** The official google-genai SDK, pointed at the router. */
    private Client genai() {
        String s = root.toString();
        return Client.builder().apiKey(ProtocolsProfile.KEY).httpOptions(HttpOptions.builder()
                .baseUrl(s.endsWith("/") ? s.substring(0, s.length() - 1) : s).apiVersion("v1beta").build()).build();
    }

    @Test
    void theGoogleGenAiSdkCountsThroughTheRouter() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .willReturn(aResponse().withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("anthropic-extra/response_count_tokens.json"))));
        try (Client client = genai()) {
            CountTokensResponse counted = client.models.countTokens("wm-anthropic", "What is 2 + 2?", null);
            assertEquals(16, counted.totalTokens().orElseThrow());
            // At an endpoint of a protocol without a count of its own: the router's estimate.
            int estimate = client.models.countTokens("wm-cohere-v2", "What is 2 + 2?", null).totalTokens()
                    .orElseThrow();
            assertTrue(estimate > 0 && estimate < 50, "an estimate of a short prompt: " + estimate);
        }
        wireMock.verify(1, postRequestedFor(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .withRequestBody(containing("What is 2 + 2?")));
        assertEquals(1, wireMock.findAll(anyRequestedFor(anyUrl())).size(), "the estimate asks no upstream");
    }

    @Test
    void anAnthropicUpstreamCountsTheRecordedBody() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .willReturn(aResponse().withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("anthropic-extra/response_count_tokens.json"))));
        caller().body(Fixtures.bytes("gemini-extra/request_count_tokens.json"))
                .post(root + "v1beta/models/wm-anthropic:countTokens")
                .then().statusCode(200).body("totalTokens", equalTo(16))
                .header("x-router-usage-accurate", "true").header("x-router-endpoint", "wm-anthropic");
        wireMock.verify(postRequestedFor(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .withRequestBody(matchingJsonPath("$.messages[0].content",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("lazydog"))));
    }

    @Test
    void aGeminiUpstreamCountsTheWrappedRequestOnTheStableApiPathToo() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/gemini/models/gemini-2.0-flash:countTokens"))
                .willReturn(aResponse().withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("gemini-extra/response_count_tokens.json"))));
        caller().body(WRAPPED).post(root + "v1/models/wm-gemini:countTokens")
                .then().statusCode(200).body("totalTokens", equalTo(12));
        wireMock.verify(postRequestedFor(urlPathEqualTo("/wm/gemini/models/gemini-2.0-flash:countTokens"))
                .withRequestBody(matchingJsonPath("$.generateContentRequest.model",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("models/gemini-2.0-flash")))
                .withRequestBody(matchingJsonPath("$.generateContentRequest.systemInstruction.parts[0].text",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("You are a pirate"))));
    }

    @Test
    void anUpstreamOfAnotherProtocolGetsTheRoutersEstimate() {
        caller().body(Fixtures.bytes("gemini-extra/request_count_tokens.json"))
                .post(root + "v1beta/models/wm-cohere:countTokens")
                .then().statusCode(200).header("x-router-usage-accurate", "false")
                .header("x-router-attempts", "0");
        assertTrue(wireMock.findAll(anyRequestedFor(anyUrl())).isEmpty(), "no upstream is asked");
    }

    @Test
    void anUnknownModelIsA404InGeminisFormat() {
        caller().body(Fixtures.bytes("gemini-extra/request_count_tokens_unknown_model.json"))
                .post(root + "v1beta/models/nonexistent-model:countTokens")
                .then().statusCode(404).body("error.status", equalTo("NOT_FOUND"));
    }
}
