package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.service.protocols.EmbeddingsMatrixTest.Door;
import io.llmrouter.service.protocols.EmbeddingsMatrixTest.Options;
import io.llmrouter.service.simulator.SimulatedEmbeddings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Embeddings as the service meters, limits and simulates them: every door against the built-in simulator's upstream
 * of every protocol (the demo's), the operation in metrics, and the key's allow-list and token limit, refused in the
 * door's format before any upstream call.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class EmbeddingsServiceTest extends WireMockRouterTest {

    static Stream<Arguments> pairs() {
        return EmbeddingsMatrixTest.pairs();
    }

    /** The simulator answers each text with its own vector ({@link SimulatedEmbeddings#vector}), in order. */
    @ParameterizedTest(name = "{0} door, simulated {1}")
    @MethodSource("pairs")
    void theSimulatorEmbedsOnEveryProtocol(Door door, String upstream) throws Exception {
        List<String> texts = List.of("alpha", "beta", "gamma").subList(0, door.inputs());
        Response r = door.ask(root.toString(), "sim-embed-" + upstream, texts, Options.PLAIN);

        assertEquals(200, r.statusCode(), r.asString());
        assertEquals("sim-embed-" + upstream, r.header("x-router-endpoint"));
        List<float[]> vectors = door.vectors(EmbeddingsMatrixTest.json(r));
        assertEquals(texts.size(), vectors.size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(SimulatedEmbeddings.vector(texts.get(i), SimulatedEmbeddings.DIMENSIONS),
                    vectors.get(i), texts.get(i));
        }
    }

    @Test
    void theSimulatorGivesCoheresQuantizedFormsAndTheLengthAsked() throws Exception {
        Response r = given().header("Authorization", "Bearer " + ProtocolsProfile.EMBED_KEY)
                .contentType("application/json").body("""
                        {"model":"sim-embed-cohere-v2","input_type":"search_document","output_dimension":16,
                         "embedding_types":["float","int8","ubinary"],"texts":["alpha"]}""")
                .post(root + "v2/embed");

        assertEquals(200, r.statusCode(), r.asString());
        JsonNode embeddings = EmbeddingsMatrixTest.json(r).get("embeddings");
        float[] floats = EmbeddingsMatrixTest.floatsOf(embeddings.at("/float/0"));
        assertArrayEquals(SimulatedEmbeddings.vector("alpha", 16), floats);
        assertEquals(16, embeddings.at("/int8/0").size());
        assertEquals(Math.round(floats[0] * 127), embeddings.at("/int8/0/0").intValue());
        assertEquals(2, embeddings.at("/ubinary/0").size(), "16 signs, 8 to a byte");
    }

    @Test
    void theModelsListNamesTheEmbeddingsModels() {
        given().header("Authorization", "Bearer " + ProtocolsProfile.EMBED_KEY).get(root + "v1/models").then()
                .statusCode(200).body("data.id", hasItems("wm-embed-openai", "sim-embed-gemini", "embed-mixed"));
    }

    @Test
    void embeddingsAreCountedAsTheirOwnOperation() {
        wireMock.stubFor(post(urlPathMatching("/wm/.*")).willReturn(aResponse()
                .withTransformers(EmbeddingsAnswerer.NAME)));
        Door.OPENAI.ask(root.toString(), "wm-embed-gemini", List.of("text 1", "text 2"), Options.PLAIN)
                .then().statusCode(200);

        String metrics = given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port",
                Integer.class)).get("/q/metrics").then().statusCode(200).extract().asString();
        assertLine(metrics, "router_requests_total{", "tenant=\"embed\"", "endpoint=\"wm-embed-gemini\"",
                "client_protocol=\"openai\"", "upstream_protocol=\"gemini\"", "operation=\"embeddings\"",
                "outcome=\"success\"");
        assertLine(metrics, "router_request_latency_seconds_count{", "tenant=\"embed\"", "operation=\"embeddings\"");
        assertLine(metrics, "router_tokens_total{", "endpoint=\"wm-embed-gemini\"", "direction=\"input\"");
        assertLine(metrics, "router_cost_usd_total{", "tenant=\"embed\"", "endpoint=\"wm-embed-gemini\"");
        assertLine(metrics, "gen_ai_client_operation_duration_seconds_count{", "tenant=\"embed\"",
                "gen_ai_operation_name=\"embeddings\"");
        assertLine(metrics, "gen_ai_client_token_usage_count{", "tenant=\"embed\"",
                "gen_ai_operation_name=\"embeddings\"", "gen_ai_token_type=\"input\"");
        assertTrue(metrics.lines().filter(l -> l.startsWith("gen_ai_client_token_usage_count{")
                && l.contains("gen_ai_operation_name=\"embeddings\"") && l.contains("gen_ai_token_type=\"output\""))
                .allMatch(l -> l.endsWith(" 0.0")), "embeddings record no output tokens");
    }

    @ParameterizedTest(name = "{0} door")
    @EnumSource(Door.class)
    void aKeysAllowListAndTokenLimitApplyInTheDoorsFormat(Door door) throws Exception {
        wireMock.stubFor(post(urlPathMatching("/wm/.*")).willReturn(aResponse()
                .withTransformers(EmbeddingsAnswerer.NAME)));
        Response notAllowed = withKey(door, ProtocolsProfile.EMBED_ALLOWED_KEY, "wm-embed-gemini",
                EmbeddingsMatrixTest.texts(1, door.inputs()));
        assertEquals(404, notAllowed.statusCode(), notAllowed.asString());
        Response allowed = withKey(door, ProtocolsProfile.EMBED_ALLOWED_KEY, "wm-embed-openai",
                EmbeddingsMatrixTest.texts(1, door.inputs()));
        assertEquals(200, allowed.statusCode(), allowed.asString());

        // Far more than the key's 50 tokens a minute, as the simulator counts them: the first call that finds them
        // spent is refused, before any upstream is asked (a call may start a new minute, so a few may pass first).
        String text = String.join(" ", Collections.nCopies(200, "tokens"));
        Response refused = null;
        for (int i = 0; i < 4 && refused == null; i++) {
            wireMock.resetRequests();
            Response r = withKey(door, ProtocolsProfile.EMBED_TOKENS_KEY, "sim-embed-openai", List.of(text));
            refused = r.statusCode() == 429 ? r : null;
        }
        assertTrue(refused != null, "a key over its tokens per minute is refused");
        assertTrue(refused.header("Retry-After") != null);
        JsonNode error = EmbeddingsMatrixTest.json(refused);
        String message = door == Door.COHERE_V1 || door == Door.COHERE_V2 ? error.path("message").asText()
                : error.at("/error/message").asText();
        assertTrue(message.toLowerCase(Locale.ROOT).contains("token"), error.toString());
    }

    /** {@code door}'s call with {@code key} instead of the tenant's own. */
    private Response withKey(Door door, String key, String model, List<String> texts) {
        return door.ask(root.toString(), model, texts, Options.PLAIN, key);
    }

    private static void assertLine(String metrics, String start, String... parts) {
        boolean found = Arrays.stream(metrics.split("\n"))
                .anyMatch(l -> l.startsWith(start) && Arrays.stream(parts).allMatch(l::contains));
        assertTrue(found, "no metric line " + start + " with " + Arrays.toString(parts));
    }
}
