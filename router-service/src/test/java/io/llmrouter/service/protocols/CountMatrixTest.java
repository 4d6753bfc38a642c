package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.llmrouter.core.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every count door × every upstream protocol, on WireMock upstreams: an Anthropic endpoint counts with its own
 * count_tokens, a Gemini endpoint with countTokens, every other protocol's endpoint answers the router's estimate
 * without an upstream call; the answer has exactly the door's shape, whoever counted.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class CountMatrixTest extends WireMockRouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANTHROPIC_COUNT = "/wm/anthropic/messages/count_tokens";
    private static final String GEMINI_COUNT = "/wm/gemini/models/gemini-2.0-flash:countTokens";

    /** The three doors a client counts tokens at, each with its route, credentials, body and answer shape. */
    enum Door {
        ANTHROPIC {
            @Override
            Response ask(String root, String model) {
                return given().header("x-api-key", ProtocolsProfile.KEY).header("anthropic-version", "2023-06-01")
                        .contentType("application/json").body("""
                                {"model":"%s","system":"You are a pirate",
                                 "messages":[{"role":"user","content":"What is 2 + 2?"}]}""".formatted(model))
                        .post(root + "v1/messages/count_tokens");
            }

            @Override
            long count(JsonNode answer) {
                assertEquals(List.of("input_tokens"), fields(answer), answer.toString());
                return answer.path("input_tokens").asLong(-1);
            }
        },
        GEMINI {
            @Override
            Response ask(String root, String model) {
                return given().header("x-goog-api-key", ProtocolsProfile.KEY).contentType("application/json")
                        .body("""
                                {"contents":[{"role":"user","parts":[{"text":"What is 2 + 2?"}]}]}""")
                        .post(root + "v1beta/models/" + model + ":countTokens");
            }

            @Override
            long count(JsonNode answer) {
                assertEquals(List.of("totalTokens"), fields(answer), answer.toString());
                return answer.path("totalTokens").asLong(-1);
            }
        },
        RESPONSES {
            @Override
            Response ask(String root, String model) {
                return given().header("Authorization", "Bearer " + ProtocolsProfile.KEY)
                        .contentType("application/json").body("""
                                {"model":"%s","instructions":"You are a pirate","input":"What is 2 + 2?"}"""
                                .formatted(model))
                        .post(root + "v1/responses/input_tokens");
            }

            @Override
            long count(JsonNode answer) {
                assertEquals(List.of("object", "input_tokens"), fields(answer), answer.toString());
                assertEquals("response.input_tokens", answer.path("object").asText());
                return answer.path("input_tokens").asLong(-1);
            }
        };

        /** Asks for the count of a short prompt of {@code model}. */
        abstract Response ask(String root, String model);

        /** The count in an answer, after checking the answer has the door's shape and nothing else. */
        abstract long count(JsonNode answer);
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Door.values()).flatMap(door -> ProtocolsProfile.UPSTREAMS.stream()
                .map(upstream -> Arguments.of(door, upstream)));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private void stubCounts() {
        wireMock.stubFor(post(urlPathEqualTo(ANTHROPIC_COUNT)).willReturn(aResponse()
                .withHeader("content-type", "application/json")
                .withBody(Fixtures.bytes("anthropic-extra/response_count_tokens.json"))));
        wireMock.stubFor(post(urlPathEqualTo(GEMINI_COUNT)).willReturn(aResponse()
                .withHeader("content-type", "application/json")
                .withBody(Fixtures.bytes("gemini-extra/response_count_tokens.json"))));
    }

    @ParameterizedTest(name = "{0} door, {1} upstream")
    @MethodSource("pairs")
    void eachDoorCountsAtEachUpstream(Door door, String upstream) throws Exception {
        stubCounts();
        Response r = door.ask(root.toString(), "wm-" + upstream);

        assertEquals(200, r.statusCode(), r.asString());
        long counted = door.count(JSON.readTree(r.asByteArray()));
        assertEquals("wm-" + upstream, r.header("x-router-endpoint"));
        assertEquals(Long.toString(counted), r.header("x-router-input-tokens"));
        List<LoggedRequest> sent = wireMock.findAll(anyRequestedFor(anyUrl()));
        switch (upstream) {
            case "anthropic" -> {
                assertEquals(16, counted, "Anthropic's own count");
                assertEquals("true", r.header("x-router-usage-accurate"));
                assertEquals(1, sent.size());
                assertEquals(ANTHROPIC_COUNT, sent.get(0).getUrl());
                assertEquals("upstream-key", sent.get(0).getHeader("x-api-key"));
                JsonNode body = JSON.readTree(sent.get(0).getBody());
                assertEquals("upstream-anthropic", body.path("model").asText());
                assertTrue(body.path("messages").toString().contains("What is 2 + 2?"), body.toString());
                assertTrue(body.path("max_tokens").isMissingNode(), "count_tokens takes no max_tokens: " + body);
            }
            case "gemini" -> {
                assertEquals(12, counted, "Gemini's own count");
                assertEquals("true", r.header("x-router-usage-accurate"));
                assertEquals(1, sent.size());
                assertEquals(GEMINI_COUNT, sent.get(0).getUrl());
                assertEquals("upstream-key", sent.get(0).getHeader("x-goog-api-key"));
                JsonNode body = JSON.readTree(sent.get(0).getBody()).path("generateContentRequest");
                assertEquals("models/gemini-2.0-flash", body.path("model").asText());
                assertTrue(body.path("contents").toString().contains("What is 2 + 2?"), body.toString());
            }
            default -> {
                assertTrue(counted > 0 && counted < 100, "the router's estimate of a short prompt: " + counted);
                assertEquals("false", r.header("x-router-usage-accurate"));
                assertEquals("0", r.header("x-router-attempts"));
                assertTrue(sent.isEmpty(), "an estimate asks no upstream: " + sent);
            }
        }
    }

    /** A proxy in front of Anthropic that has no count_tokens: the door answers the estimate, in its own shape. */
    @ParameterizedTest
    @EnumSource(Door.class)
    void aCountEndpointThatIsMissingAnswersTheEstimate(Door door) throws Exception {
        wireMock.stubFor(post(urlPathEqualTo(ANTHROPIC_COUNT)).willReturn(aResponse().withStatus(404)
                .withHeader("content-type", "text/plain").withBody("404 page not found")));
        Response r = door.ask(root.toString(), "wm-anthropic");

        assertEquals(200, r.statusCode(), r.asString());
        long counted = door.count(JSON.readTree(r.asByteArray()));
        assertTrue(counted > 0 && counted < 100, "the router's estimate: " + counted);
        assertEquals("false", r.header("x-router-usage-accurate"));
        assertEquals("1", r.header("x-router-attempts"));
        assertEquals(1, wireMock.findAll(anyRequestedFor(anyUrl())).size());
    }
}
