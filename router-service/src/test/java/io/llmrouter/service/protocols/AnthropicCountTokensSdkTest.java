package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.AnthropicBeta;
import com.anthropic.models.beta.messages.BetaMessageTokensCount;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageTokensCount;
import io.llmrouter.core.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The official anthropic-java SDK counts tokens through the router ({@code messages().countTokens}): an Anthropic
 * upstream answers with its own count_tokens, a Gemini upstream with countTokens, an upstream of another protocol
 * with the router's estimate, marked as one; a beta count ({@code beta().messages().countTokens}) brings its betas to
 * Anthropic.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class AnthropicCountTokensSdkTest extends WireMockRouterTest {

    private AnthropicClient anthropic() {
        String s = root.toString();
        return AnthropicOkHttpClient.builder().baseUrl(s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                .apiKey(ProtocolsProfile.KEY).maxRetries(0).build();
    }

    private static MessageCountTokensParams count(String model) {
        return MessageCountTokensParams.builder().model(model).system("You are a pirate")
                .addUserMessage("What is 2 + 2?").build();
    }

    @Test
    void anAnthropicUpstreamCountsWithItsOwnCountTokens() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .willReturn(aResponse().withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("anthropic-extra/response_count_tokens.json"))));
        AnthropicClient client = anthropic();
        try (HttpResponseFor<MessageTokensCount> raw = client.messages().withRawResponse()
                .countTokens(count("wm-anthropic"))) {
            assertEquals(16, raw.parse().inputTokens());
            assertEquals(List.of("true"), raw.headers().values("x-router-usage-accurate"));
            assertEquals(List.of("wm-anthropic"), raw.headers().values("x-router-endpoint"));
        } finally {
            client.close();
        }
        wireMock.verify(postRequestedFor(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .withHeader("x-api-key", equalTo("upstream-key"))
                // The SDK's own API version reaches Anthropic with its body.
                .withHeader("anthropic-version", equalTo("2026-10-21"))
                .withRequestBody(equalToJson("""
                        {"model":"upstream-anthropic","system":"You are a pirate",
                         "messages":[{"role":"user","content":"What is 2 + 2?"}]}""")));
    }

    @Test
    void aGeminiUpstreamCountsWithCountTokens() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/gemini/models/gemini-2.0-flash:countTokens"))
                .willReturn(aResponse().withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("gemini-extra/response_count_tokens.json"))));
        AnthropicClient client = anthropic();
        try {
            assertEquals(12, client.messages().countTokens(count("wm-gemini")).inputTokens());
        } finally {
            client.close();
        }
        wireMock.verify(postRequestedFor(urlPathEqualTo("/wm/gemini/models/gemini-2.0-flash:countTokens"))
                .withHeader("x-goog-api-key", equalTo("upstream-key"))
                .withRequestBody(matchingJsonPath("$.generateContentRequest.model",
                        equalTo("models/gemini-2.0-flash")))
                .withRequestBody(matchingJsonPath("$.generateContentRequest.systemInstruction.parts[0].text",
                        equalTo("You are a pirate"))));
    }

    @Test
    void anUpstreamOfAnotherProtocolGetsTheRoutersEstimate() {
        AnthropicClient client = anthropic();
        try (HttpResponseFor<MessageTokensCount> raw = client.messages().withRawResponse()
                .countTokens(count("wm-openai"))) {
            long estimate = raw.parse().inputTokens();
            assertTrue(estimate > 0 && estimate < 100, "an estimate of a short prompt: " + estimate);
            assertEquals(List.of("false"), raw.headers().values("x-router-usage-accurate"));
            assertEquals(List.of(Long.toString(estimate)), raw.headers().values("x-router-input-tokens"));
            assertEquals(List.of("0"), raw.headers().values("x-router-attempts"));
        } finally {
            client.close();
        }
        assertTrue(wireMock.findAll(anyRequestedFor(anyUrl())).isEmpty(), "no upstream is asked");
    }

    @Test
    void aBetaCountReachesAnthropicWithItsBetaHeader() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .withHeader("anthropic-beta", equalTo("interleaved-thinking-2025-05-14,context-1m-2025-08-07"))
                .willReturn(aResponse().withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("anthropic-extra/response_count_tokens.json"))));
        AnthropicClient client = anthropic();
        try {
            BetaMessageTokensCount counted = client.beta().messages().countTokens(
                    com.anthropic.models.beta.messages.MessageCountTokensParams.builder().model("wm-anthropic")
                            .addBeta(AnthropicBeta.INTERLEAVED_THINKING_2025_05_14)
                            .addBeta(AnthropicBeta.CONTEXT_1M_2025_08_07)
                            .system("You are a pirate").addUserMessage("What is 2 + 2?").build());
            assertEquals(16, counted.inputTokens());
        } finally {
            client.close();
        }
        // The stub answers only with both betas; the request is asserted again for a readable failure.
        wireMock.verify(postRequestedFor(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .withHeader("anthropic-beta", equalTo("interleaved-thinking-2025-05-14,context-1m-2025-08-07"))
                .withHeader("x-api-key", equalTo("upstream-key"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("upstream-anthropic"))));
    }

    @Test
    void anUnknownModelIsA404InAnthropicsFormat() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .willReturn(aResponse().withStatus(404).withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("anthropic-extra/error_404_count_tokens_not_found.json"))));
        AnthropicClient client = anthropic();
        try {
            NotFoundException e = assertThrows(NotFoundException.class,
                    () -> client.messages().countTokens(count("wm-anthropic")));
            assertEquals(404, e.statusCode());
        } finally {
            client.close();
        }
    }
}
