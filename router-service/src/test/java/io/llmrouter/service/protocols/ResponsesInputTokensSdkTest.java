package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.inputtokens.InputTokenCountParams;
import com.openai.models.responses.inputtokens.InputTokenCountResponse;
import io.llmrouter.core.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's count of input tokens ({@code POST /v1/responses/input_tokens}) driven by the official openai-java SDK
 * ({@code responses().inputTokens().count}), whose answer model checks the {@code response.input_tokens} object: an
 * Anthropic upstream counts with its own count_tokens, an upstream without a count of its own gets the router's
 * estimate, and the stateless rules of {@code /v1/responses} hold here too.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class ResponsesInputTokensSdkTest extends WireMockRouterTest {

    private OpenAIClient openai() {
        String s = root.toString();
        return OpenAIOkHttpClient.builder().baseUrl((s.endsWith("/") ? s : s + "/") + "v1")
                .apiKey(ProtocolsProfile.KEY).maxRetries(0).build();
    }

    private static InputTokenCountParams count(String model) {
        return InputTokenCountParams.builder().model(model).instructions("You are a pirate").input("What is 2 + 2?")
                .build();
    }

    @Test
    void anAnthropicUpstreamCountsWithItsOwnCountTokens() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .willReturn(aResponse().withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("anthropic-extra/response_count_tokens.json"))));
        OpenAIClient client = openai();
        try (HttpResponseFor<InputTokenCountResponse> raw = client.responses().inputTokens().withRawResponse()
                .count(count("wm-anthropic"))) {
            InputTokenCountResponse counted = raw.parse().validate();
            assertEquals(16, counted.inputTokens());
            assertEquals(List.of("true"), raw.headers().values("x-router-usage-accurate"));
            assertEquals(List.of("wm-anthropic"), raw.headers().values("x-router-endpoint"));
        } finally {
            client.close();
        }
        wireMock.verify(postRequestedFor(urlPathEqualTo("/wm/anthropic/messages/count_tokens"))
                .withHeader("x-api-key", equalTo("upstream-key"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("upstream-anthropic")))
                .withRequestBody(matchingJsonPath("$.system", equalTo("You are a pirate"))));
    }

    @Test
    void anUpstreamWithoutACountOfItsOwnGetsTheRoutersEstimate() {
        OpenAIClient client = openai();
        try (HttpResponseFor<InputTokenCountResponse> raw = client.responses().inputTokens().withRawResponse()
                .count(count("wm-openai-responses"))) {
            long estimate = raw.parse().validate().inputTokens();
            assertTrue(estimate > 0 && estimate < 100, "an estimate of a short prompt: " + estimate);
            assertEquals(List.of("false"), raw.headers().values("x-router-usage-accurate"));
            assertEquals(List.of("0"), raw.headers().values("x-router-attempts"));
        } finally {
            client.close();
        }
        assertTrue(wireMock.findAll(anyRequestedFor(anyUrl())).isEmpty(), "no upstream is asked");
    }

    @Test
    void aCountOfAStoredConversationIsRefusedLikeTheCallItself() {
        OpenAIClient client = openai();
        try {
            BadRequestException e = assertThrows(BadRequestException.class, () -> client.responses().inputTokens()
                    .count(InputTokenCountParams.builder().model("wm-openai").previousResponseId("resp_1")
                            .input("And then?").build()));
            assertEquals(400, e.statusCode());
            assertTrue(e.getMessage().contains("previous_response_id"), e.getMessage());
        } finally {
            client.close();
        }
    }
}
