package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.models.beta.AnthropicBeta;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.MessageCreateParams;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.llmrouter.core.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The headers a caller's SDK sends that must reach the provider, through the HTTP door: the official anthropic-java
 * SDK asks for beta features, and a WireMock Anthropic checks they arrived, with the caller's API version and none
 * of the caller's credentials or SDK headers. A converted call names the betas it could not keep, in
 * {@code x-router-dropped} and in {@code router_conversion_dropped_total}; a strict tenant refuses instead.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class ProviderHeadersTest extends WireMockRouterTest {

    private static final String BETAS = "interleaved-thinking-2025-05-14,context-1m-2025-08-07";

    private AnthropicClient anthropic(String key) {
        String s = root.toString();
        return AnthropicOkHttpClient.builder().baseUrl(s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                .apiKey(key).maxRetries(0).build();
    }

    private static MessageCreateParams betaCall(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(64).addUserMessage("Hello")
                .addBeta(AnthropicBeta.INTERLEAVED_THINKING_2025_05_14).addBeta(AnthropicBeta.CONTEXT_1M_2025_08_07)
                .build();
    }

    @Test
    void anAnthropicSdksBetasAndVersionReachAnthropic() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/anthropic/messages"))
                .withHeader("anthropic-beta", equalTo(BETAS))
                .willReturn(aResponse().withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("anthropic/response_text.json"))));
        AnthropicClient client = anthropic(ProtocolsProfile.KEY);
        try {
            BetaMessage message = client.beta().messages().create(betaCall("wm-anthropic"));
            assertTrue(message.content().get(0).isText(), message.toString());
        } finally {
            client.close();
        }
        List<LoggedRequest> sent = wireMock.findAll(postRequestedFor(urlPathEqualTo("/wm/anthropic/messages")));
        assertEquals(1, sent.size());
        wireMock.verify(postRequestedFor(urlPathEqualTo("/wm/anthropic/messages"))
                .withHeader("anthropic-beta", equalTo(BETAS))
                .withHeader("anthropic-version", matching("\\d{4}-\\d{2}-\\d{2}"))
                .withHeader("x-api-key", equalTo("upstream-key"))
                .withHeader("authorization", absent())
                .withHeader("x-stainless-lang", absent())
                .withHeader("x-stainless-package-version", absent()));
    }

    @Test
    void aConvertedCallNamesTheBetaItCouldNotKeep() {
        wireMock.stubFor(post(urlPathEqualTo("/wm/openai/chat/completions"))
                .willReturn(aResponse().withHeader("content-type", "application/json")
                        .withBody(Fixtures.bytes("openai/response_text.json"))));
        AnthropicClient client = anthropic(ProtocolsProfile.KEY);
        try (HttpResponseFor<BetaMessage> raw = client.beta().messages().withRawResponse()
                .create(betaCall("wm-openai"))) {
            assertEquals(200, raw.statusCode());
            assertEquals(List.of("anthropic-beta=context-1m-2025-08-07"), raw.headers().values("x-router-dropped"));
            raw.parse();
        } finally {
            client.close();
        }
        wireMock.verify(postRequestedFor(urlPathEqualTo("/wm/openai/chat/completions"))
                .withHeader("anthropic-beta", absent()).withHeader("anthropic-version", absent()));
        String metrics = given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port",
                Integer.class)).get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("router_conversion_dropped_total{")
                && l.contains("field=\"anthropic-beta=context-1m-2025-08-07\"") && l.contains("client=\"anthropic\"")
                && l.contains("upstream=\"openai\"")), metrics);
    }

    @Test
    void aStrictTenantIsServedOnlyWhereNothingIsDropped() {
        String body = "{\"model\":\"%s\",\"logit_bias\":{\"50256\":-100},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        given().header("Authorization", "Bearer " + ProtocolsProfile.STRICT_KEY).contentType("application/json")
                .body(body.formatted("strict-any")).post(root.toString() + "v1/chat/completions")
                .then().statusCode(200).header("x-router-endpoint", "dear-openai");
        String refusal = given().header("Authorization", "Bearer " + ProtocolsProfile.STRICT_KEY)
                .contentType("application/json").body(body.formatted("strict-anthropic"))
                .post(root.toString() + "v1/chat/completions").then().statusCode(400).extract().asString();
        assertTrue(refusal.contains("logit_bias") && refusal.contains("router.conversion.strict"), refusal);
    }
}
