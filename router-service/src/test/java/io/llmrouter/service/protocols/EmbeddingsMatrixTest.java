package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.llmrouter.core.convert.EmbeddingValues;
import io.llmrouter.core.convert.matrix.EmbeddingAnswers;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.service.it.Clients;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Embeddings through the service over HTTP, every client door × every upstream protocol with embeddings, on WireMock
 * answering with the upstreams' recorded answers ({@link EmbeddingsAnswerer}): the vectors come back in the inputs'
 * order, the task and the vector length are mapped, base64 is exact, batches over an upstream's maximum are split
 * and joined, errors come in the door's format, a 5xx fails over, and a chat endpoint is never picked.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class EmbeddingsMatrixTest extends WireMockRouterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The client doors of embeddings, each with its route, credentials, body and answer shape. */
    enum Door {
        OPENAI {
            @Override
            Response ask(String root, String model, List<String> texts, Options o, String key) {
                ObjectNode body = NODES.objectNode().put("model", model);
                ArrayNode input = body.putArray("input");
                texts.forEach(input::add);
                body.put("encoding_format", o.base64() ? "base64" : "float");
                if (o.dimensions() != null) {
                    body.put("dimensions", o.dimensions());
                }
                return bearer(key).body(body.toString()).post(root + "v1/embeddings");
            }

            @Override
            List<float[]> vectors(JsonNode answer) {
                assertEquals("list", answer.path("object").asText(), answer.toString());
                List<float[]> vectors = new ArrayList<>();
                JsonNode data = answer.get("data");
                for (int i = 0; i < data.size(); i++) {
                    assertEquals(i, data.get(i).path("index").asInt());
                    vectors.add(floatsOf(data.get(i).get("embedding")));
                }
                return vectors;
            }
        },
        GEMINI_ONE {
            @Override
            Response ask(String root, String model, List<String> texts, Options o, String key) {
                ObjectNode body = one(texts.get(0), o);
                return given().header("x-goog-api-key", key).contentType("application/json")
                        .body(body.toString()).post(root + "v1beta/models/" + model + ":embedContent");
            }

            @Override
            List<float[]> vectors(JsonNode answer) {
                assertTrue(answer.has("embedding"), answer.toString());
                return List.of(floatsOf(answer.at("/embedding/values")));
            }

            @Override
            int inputs() {
                return 1;
            }
        },
        GEMINI_BATCH {
            @Override
            Response ask(String root, String model, List<String> texts, Options o, String key) {
                ObjectNode body = NODES.objectNode();
                ArrayNode requests = body.putArray("requests");
                texts.forEach(t -> requests.add(one(t, o).put("model", "models/" + model)));
                return given().header("x-goog-api-key", key).contentType("application/json")
                        .body(body.toString()).post(root + "v1beta/models/" + model + ":batchEmbedContents");
            }

            @Override
            List<float[]> vectors(JsonNode answer) {
                List<float[]> vectors = new ArrayList<>();
                answer.get("embeddings").forEach(e -> vectors.add(floatsOf(e.get("values"))));
                return vectors;
            }
        },
        COHERE_V2 {
            @Override
            Response ask(String root, String model, List<String> texts, Options o, String key) {
                ObjectNode body = cohere(model, texts, o);
                body.putArray("embedding_types").add(o.base64() ? "base64" : "float");
                if (o.dimensions() != null) {
                    body.put("output_dimension", o.dimensions());
                }
                return bearer(key).body(body.toString()).post(root + "v2/embed");
            }

            @Override
            List<float[]> vectors(JsonNode answer) {
                List<float[]> vectors = new ArrayList<>();
                JsonNode byType = answer.get("embeddings");
                byType.get(byType.has("base64") ? "base64" : "float").forEach(e -> vectors.add(floatsOf(e)));
                return vectors;
            }
        },
        COHERE_V1 {
            @Override
            Response ask(String root, String model, List<String> texts, Options o, String key) {
                return bearer(key).body(cohere(model, texts, o).toString()).post(root + "v1/embed");
            }

            @Override
            List<float[]> vectors(JsonNode answer) {
                assertEquals("embeddings_floats", answer.path("response_type").asText(), answer.toString());
                List<float[]> vectors = new ArrayList<>();
                answer.get("embeddings").forEach(e -> vectors.add(floatsOf(e)));
                return vectors;
            }
        };

        /** Asks with {@code key} for the embeddings of {@code texts} of {@code model}, as a search query. */
        abstract Response ask(String root, String model, List<String> texts, Options o, String key);

        /** Asks with the embeddings tenant's own key. */
        Response ask(String root, String model, List<String> texts, Options o) {
            return ask(root, model, texts, o, ProtocolsProfile.EMBED_KEY);
        }

        /** The vectors of an answer, in its order. */
        abstract List<float[]> vectors(JsonNode answer);

        /** How many inputs the door's calls send in the matrix. */
        int inputs() {
            return 3;
        }

        private static RequestSpecification bearer(String key) {
            return given().header("Authorization", "Bearer " + key)
                    .contentType("application/json");
        }

        private static ObjectNode one(String text, Options o) {
            ObjectNode one = NODES.objectNode();
            one.putObject("content").putArray("parts").addObject().put("text", text);
            one.put("taskType", "RETRIEVAL_QUERY");
            if (o.dimensions() != null) {
                one.put("outputDimensionality", o.dimensions());
            }
            return one;
        }

        private static ObjectNode cohere(String model, List<String> texts, Options o) {
            ObjectNode body = NODES.objectNode().put("model", model).put("input_type", "search_query");
            ArrayNode array = body.putArray("texts");
            texts.forEach(array::add);
            return body;
        }
    }

    /** What a call asks besides its texts. */
    record Options(boolean base64, Integer dimensions) {
        static final Options PLAIN = new Options(false, null);
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Door.values()).flatMap(door -> ProtocolsProfile.EMBEDDINGS.stream()
                .map(upstream -> Arguments.of(door, upstream)));
    }

    /** Texts {@code "text <from>"} to {@code "text <from + n - 1>"}. */
    static List<String> texts(int from, int n) {
        List<String> texts = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            texts.add("text " + i);
        }
        return texts;
    }

    static float[] floatsOf(JsonNode vector) {
        if (vector.isTextual()) {
            return EmbeddingValues.fromBase64(vector.textValue());
        }
        float[] values = new float[vector.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = vector.get(i).floatValue();
        }
        return values;
    }

    void answerEmbeddings() {
        wireMock.stubFor(post(urlPathMatching("/wm/.*")).willReturn(aResponse()
                .withTransformers(EmbeddingsAnswerer.NAME)));
    }

    List<LoggedRequest> sent() {
        return wireMock.findAll(anyRequestedFor(anyUrl()));
    }

    static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.asByteArray());
    }

    /** Asserts the answer holds one vector per text, each the one its text's input got ({@link EmbeddingsAnswerer}). */
    static void assertInOrder(Door door, Response r, List<String> texts) throws Exception {
        assertEquals(200, r.statusCode(), r.asString());
        List<float[]> vectors = door.vectors(json(r));
        assertEquals(texts.size(), vectors.size());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(EmbeddingAnswers.mark(texts.get(i)), vectors.get(i)[0], "vector " + i + " in its place");
        }
    }

    @ParameterizedTest(name = "{0} door, {1} upstream")
    @MethodSource("pairs")
    void everyDoorEmbedsAtEveryUpstream(Door door, String upstream) throws Exception {
        answerEmbeddings();
        List<String> texts = texts(1, door.inputs());
        Response r = door.ask(root.toString(), "wm-embed-" + upstream, texts, Options.PLAIN);

        assertInOrder(door, r, texts);
        assertEquals("wm-embed-" + upstream, r.header("x-router-endpoint"));
        assertEquals("1", r.header("x-router-attempts"));
        long tokens = Long.parseLong(r.header("x-router-input-tokens"));
        assertTrue(tokens > 0, "input tokens: " + tokens);
        assertEquals("0", r.header("x-router-output-tokens"));
        assertEquals(String.format(Locale.ROOT, "%.8f", 0.0001 * tokens / 1000), r.header("x-router-cost-usd"));

        List<LoggedRequest> sent = sent();
        assertEquals(1, sent.size());
        LoggedRequest request = sent.get(0);
        JsonNode body = JSON.readTree(request.getBody());
        String model = ProtocolsProfile.embeddingModel(upstream);
        // The task: none from OpenAI's door, a search query from the others.
        boolean task = door != Door.OPENAI;
        switch (upstream) {
            case "openai" -> {
                assertEquals("/wm/openai/embeddings", request.getUrl());
                assertEquals("Bearer upstream-key", request.getHeader("Authorization"));
                assertEquals(model, body.path("model").asText());
            }
            case "azure-openai" -> {
                assertTrue(request.getUrl().startsWith("/wm/azure-openai/openai/deployments/" + model
                        + "/embeddings?api-version="), request.getUrl());
                assertEquals("upstream-key", request.getHeader("api-key"));
            }
            case "gemini" -> {
                assertEquals("/wm/gemini/models/" + model + (texts.size() == 1 ? ":embedContent"
                        : ":batchEmbedContents"), request.getUrl());
                assertEquals("upstream-key", request.getHeader("x-goog-api-key"));
                JsonNode first = texts.size() == 1 ? body : body.at("/requests/0");
                assertEquals(task ? "RETRIEVAL_QUERY" : "", first.path("taskType").asText());
            }
            default -> {
                assertEquals("/wm/" + upstream + "/embed", request.getUrl());
                assertEquals("Bearer upstream-key", request.getHeader("Authorization"));
                assertEquals(model, body.path("model").asText());
                // Cohere's models need an input type: a document when the client names no task.
                assertEquals(task ? "search_query" : "search_document", body.path("input_type").asText());
            }
        }
        assertEquals(texts, EmbeddingAnswers.inputs((ObjectNode) body), "the texts, in order");
    }

    @ParameterizedTest(name = "{0} upstream")
    @MethodSource("splitUpstreams")
    void aBatchOverTheUpstreamsMaximumIsSplitAndJoinedInOrder(String upstream, int max) throws Exception {
        answerEmbeddings();
        List<String> texts = texts(0, max + 5);
        Response r = Door.OPENAI.ask(root.toString(), "wm-embed-" + upstream, texts, Options.PLAIN);

        assertInOrder(Door.OPENAI, r, texts);
        List<LoggedRequest> sent = sent();
        assertEquals(2, sent.size(), "two parts");
        List<String> upstreamTexts = new ArrayList<>();
        for (LoggedRequest part : sent) {
            upstreamTexts.addAll(EmbeddingAnswers.inputs((ObjectNode) JSON.readTree(part.getBody())));
        }
        assertEquals(texts, upstreamTexts, "every text once, in order, " + max + " in the first part");
        assertEquals(max, EmbeddingAnswers.inputs((ObjectNode) JSON.readTree(sent.get(0).getBody())).size());
        assertEquals("1", r.header("x-router-attempts"));
    }

    static Stream<Arguments> splitUpstreams() {
        return Stream.of(Arguments.of("gemini", 100), Arguments.of("cohere-v2", 96), Arguments.of("cohere", 96));
    }

    /** Base64 is the float32 values bit for bit: the same vectors as floats, and OpenAI's own string passed on. */
    static Stream<String> upstreams() {
        return ProtocolsProfile.EMBEDDINGS.stream();
    }

    @ParameterizedTest(name = "{0} upstream")
    @MethodSource("upstreams")
    void base64IsExact(String upstream) throws Exception {
        answerEmbeddings();
        List<String> texts = texts(1, 3);
        Response floats = Door.OPENAI.ask(root.toString(), "wm-embed-" + upstream, texts, Options.PLAIN);
        Response base64 = Door.OPENAI.ask(root.toString(), "wm-embed-" + upstream, texts,
                new Options(true, null));

        assertInOrder(Door.OPENAI, base64, texts);
        assertTrue(json(base64).at("/data/0/embedding").isTextual());
        List<float[]> expected = Door.OPENAI.vectors(json(floats));
        List<float[]> got = Door.OPENAI.vectors(json(base64));
        if (upstream.contains("openai")) {
            // OpenAI is asked for base64 itself: its recorded strings reach the client unchanged.
            JsonNode answered = JSON.readTree(wireMock.getAllServeEvents().get(0).getResponse().getBodyAsString());
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(answered.at("/data/" + i + "/embedding").textValue(),
                        json(base64).at("/data/" + i + "/embedding").textValue());
            }
            return;
        }
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(expected.get(i), got.get(i), "vector " + i);
        }
        Response cohere = Door.COHERE_V2.ask(root.toString(), "wm-embed-" + upstream, texts, new Options(true, null));
        List<float[]> cohereGot = Door.COHERE_V2.vectors(json(cohere));
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(expected.get(i), cohereGot.get(i), "Cohere base64 vector " + i);
        }
    }

    @ParameterizedTest(name = "{0} door")
    @EnumSource(value = Door.class, names = {"OPENAI", "GEMINI_BATCH", "COHERE_V2"})
    void theVectorLengthAskedReachesEveryUpstreamThatTakesOne(Door door) throws Exception {
        answerEmbeddings();
        for (String upstream : List.of("openai", "gemini", "cohere-v2")) {
            wireMock.resetRequests();
            Response r = door.ask(root.toString(), "wm-embed-" + upstream, texts(1, 2), new Options(false, 256));
            assertEquals(200, r.statusCode(), r.asString());
            JsonNode body = JSON.readTree(sent().get(0).getBody());
            JsonNode asked = switch (upstream) {
                case "openai" -> body.get("dimensions");
                case "gemini" -> body.at("/requests/0/outputDimensionality");
                default -> body.get("output_dimension");
            };
            assertEquals(256, asked.asInt(), upstream + ": " + body);
        }
        // Cohere v1 has no such setting: the attempt is refused in the door's terms, and no upstream is asked.
        wireMock.resetRequests();
        Response v1 = door.ask(root.toString(), "wm-embed-cohere", texts(1, 2), new Options(false, 256));
        assertEquals(400, v1.statusCode(), v1.asString());
        assertTrue(sent().isEmpty());
    }

    @ParameterizedTest(name = "{0} door")
    @EnumSource(Door.class)
    void anUpstreamsErrorComesInTheDoorsFormat(Door door) throws Exception {
        wireMock.stubFor(post(urlPathMatching("/wm/openai/.*")).willReturn(aResponse().withStatus(400)
                .withHeader("content-type", "application/json")
                .withBody(Fixtures.bytes("embeddings/openai_error_400_dimensions.json"))));
        Response r = door.ask(root.toString(), "wm-embed-openai", texts(1, door.inputs()), Options.PLAIN);

        assertEquals(400, r.statusCode(), r.asString());
        JsonNode error = json(r);
        String message = switch (door) {
            case OPENAI -> error.at("/error/message").asText();
            case GEMINI_ONE, GEMINI_BATCH -> {
                assertEquals("INVALID_ARGUMENT", error.at("/error/status").asText(), error.toString());
                yield error.at("/error/message").asText();
            }
            default -> error.path("message").asText();
        };
        assertTrue(message.contains("dimensions"), "the caller's own error is relayed: " + error);
        assertEquals(1, sent().size(), "a caller's error is not retried");
    }

    @ParameterizedTest(name = "{0} door")
    @EnumSource(Door.class)
    void aServerErrorFailsOverToTheNextEndpoint(Door door) throws Exception {
        wireMock.stubFor(post(urlPathMatching("/wm/openai/.*")).willReturn(aResponse().withStatus(503)
                .withHeader("content-type", "application/json")
                .withBody("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));
        wireMock.stubFor(post(urlPathMatching("/wm/cohere-v2/.*")).willReturn(aResponse()
                .withTransformers(EmbeddingsAnswerer.NAME)));
        List<String> texts = texts(1, door.inputs());
        Response r = door.ask(root.toString(), "embed-failover", texts, Options.PLAIN);

        assertInOrder(door, r, texts);
        assertEquals("failover-cohere-v2", r.header("x-router-endpoint"));
        assertEquals("2", r.header("x-router-attempts"));
    }

    @ParameterizedTest(name = "{0} door")
    @EnumSource(Door.class)
    void aChatEndpointIsNeverPickedForEmbeddings(Door door) throws Exception {
        answerEmbeddings();
        List<String> texts = texts(1, door.inputs());
        Response r = door.ask(root.toString(), "embed-mixed", texts, Options.PLAIN);

        assertInOrder(door, r, texts);
        assertEquals("mixed-gemini", r.header("x-router-endpoint"), "the free chat endpoint is no candidate");
        assertTrue(sent().stream().noneMatch(q -> q.getUrl().startsWith("/wm/openai")));
    }

    @ParameterizedTest(name = "{0} door")
    @EnumSource(Door.class)
    void aCallerWithoutAValidKeyGetsTheDoorsAuthenticationError(Door door) throws Exception {
        Response refused = given().header("Authorization", "Bearer wrong").contentType("application/json")
                .body("{}").post(root + path(door));
        assertEquals(401, refused.statusCode(), refused.asString());
        JsonNode error = JSON.readTree(refused.asByteArray());
        String message = door == Door.COHERE_V1 || door == Door.COHERE_V2 ? error.path("message").asText()
                : error.at("/error/message").asText();
        assertEquals("Invalid API key", message, "in the door's format: " + error);
        assertTrue(sent().isEmpty());
    }

    @ParameterizedTest(name = "{0} door")
    @EnumSource(Door.class)
    void aBodyOverTheLimitIsRefusedInTheDoorsFormat(Door door) throws Exception {
        boolean gemini = door == Door.GEMINI_ONE || door == Door.GEMINI_BATCH;
        String answer = Clients.rawExchange("POST /" + path(door) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (gemini ? "x-goog-api-key: " : "Authorization: Bearer ") + ProtocolsProfile.EMBED_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: 70000000\r\n\r\n{\"texts\":");
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        JsonNode error = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        String message = door == Door.COHERE_V1 || door == Door.COHERE_V2 ? error.path("message").asText()
                : error.at("/error/message").asText();
        assertTrue(message.contains("exceeds the limit"), error.toString());
        assertTrue(sent().isEmpty());
    }

    private static String path(Door door) {
        return switch (door) {
            case OPENAI -> "v1/embeddings";
            case GEMINI_ONE -> "v1beta/models/wm-embed-openai:embedContent";
            case GEMINI_BATCH -> "v1beta/models/wm-embed-openai:batchEmbedContents";
            case COHERE_V2 -> "v2/embed";
            case COHERE_V1 -> "v1/embed";
        };
    }
}
