package io.llmrouter.core.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.embed.Embedding;
import io.llmrouter.api.embed.EmbeddingInput;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.api.embed.EmbeddingTask;
import io.llmrouter.api.embed.EmbeddingType;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The embeddings codecs' rules one by one: exact values (base64 is little-endian float32), the batch maxima and the
 * split, usage counted or estimated, the decoders' refusals and drops, the mapping of tasks, and a recorded request
 * that goes to an upstream of its own protocol unchanged.
 */
class EmbeddingsTest {

    private static final Codecs CODECS = Codecs.defaults();
    private static final InboundContext GEMINI_ROUTE = InboundContext.gemini("gemini-embedding-2", false, true);

    private static EmbeddingsCodec embeddings(Protocol p) {
        return CODECS.of(p).embeddings();
    }

    private static Key key(Protocol p) {
        return new Key(p, p == Protocol.AZURE_OPENAI ? "https://res.openai.azure.com" : "https://api.example.com",
                "k");
    }

    private static EmbeddingRequest decode(Protocol p, String json, Drops drops) {
        return embeddings(p).decodeRequest(Json.parseRequest(json.getBytes()), GEMINI_ROUTE, drops);
    }

    private static EmbeddingRequest texts(int n) {
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            inputs.add(new EmbeddingInput.Text("text " + i));
        }
        return new EmbeddingRequest("m", inputs, false, null, List.of(), null, null, null);
    }

    private static JsonNode body(UpstreamRequest r) {
        return Json.parseObject(r.body(), "body");
    }

    // ---- values ----------------------------------------------------------------------------------------------

    @Test
    void base64IsTheLittleEndianFloat32OfTheSameValuesBothWays() {
        // openai-node's test data: one vector, once as floats, once as base64.
        EmbeddingRequest one = texts(1);
        float[] floats = embeddings(Protocol.OPENAI).decodeResponse(
                Fixtures.bytes("embeddings/openai_response_float_sdk_fixture.json"), one).embeddings().get(0).floats();
        float[] fromBase64 = embeddings(Protocol.OPENAI).decodeResponse(
                Fixtures.bytes("embeddings/openai_response_base64_sdk_fixture.json"), one).embeddings().get(0)
                .floats();
        assertEquals(256, floats.length);
        assertArrayEquals(floats, fromBase64);
        String recorded = Json.parseObject(Fixtures.bytes("embeddings/openai_response_base64_sdk_fixture.json"), "x")
                .at("/data/0/embedding").textValue();
        assertEquals(recorded, EmbeddingValues.toBase64(floats));
    }

    @Test
    void aNumberIsReadAsTheNearestFloat32NotThroughADouble() {
        // Just below the midpoint of two float32s: its nearest double is the midpoint itself, which would round to
        // the even neighbour; the nearest float32 is the lower one.
        String answer = "{\"data\":[{\"index\":0,\"embedding\":[1.00000017881393432617187499]}]}";
        float read = embeddings(Protocol.OPENAI).decodeResponse(answer.getBytes(), texts(1)).embeddings().get(0)
                .floats()[0];
        assertEquals(Float.intBitsToFloat(0x3f800001), read);
    }

    @Test
    void floatsWrittenForAClientReadBackBitForBit() {
        Random random = new Random(7);
        float[] values = new float[3072];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt()) % 1f;
            if (Float.isNaN(values[i])) {
                values[i] = random.nextFloat() - 0.5f;
            }
        }
        values[0] = Float.MIN_VALUE;
        values[1] = -0.0f;
        EmbeddingResponse answer = new EmbeddingResponse("m", List.of(new Embedding(values)), 3, true);
        for (Protocol p : List.of(Protocol.OPENAI, Protocol.GEMINI, Protocol.COHERE_V2, Protocol.COHERE)) {
            EmbeddingRequest request = texts(1);
            byte[] written = embeddings(p).encodeResponse(answer, request);
            assertArrayEquals(values, embeddings(p).decodeResponse(written, request).embeddings().get(0).floats(),
                    p.configName());
        }
    }

    @Test
    void anUpstreamsNumbersReachAClientAsTheUpstreamWroteThem() {
        // Numbers a float32 writer would write otherwise (1E-5 as 1.0E-5, 0.10000000149011612 as 0.1, 3 as 3.0):
        // an answer of JSON numbers for a client of JSON numbers is copied, white space and all else checked.
        String numbers = "1E-5,-0.0,0.10000000149011612,3,-2.5e+3";
        Map<Protocol, String> answers = Map.of(
                Protocol.GEMINI, "{\"embedding\": {\"values\": [ " + numbers.replace(",", ",\n ") + " ]}}",
                Protocol.OPENAI, "{\"data\":[{\"index\":0,\"embedding\":[" + numbers + "]}]}",
                Protocol.COHERE_V2, "{\"embeddings\":{\"float\":[[" + numbers + "]]}}",
                Protocol.COHERE, "{\"embeddings\":[[" + numbers + "]]}");
        EmbeddingRequest one = new EmbeddingRequest("m", List.of(new EmbeddingInput.Text("t")), true, null,
                List.of(), null, null, null);
        answers.forEach((upstream, answer) -> {
            EmbeddingResponse read = embeddings(upstream).decodeResponse(answer.getBytes(), one);
            assertTrue(read.embeddings().get(0).values().isJsonText(), upstream.configName());
            assertArrayEquals(new float[] {1e-5f, -0.0f, 0.1f, 3f, -2500f}, read.embeddings().get(0).floats());
            for (Protocol client : List.of(Protocol.OPENAI, Protocol.GEMINI, Protocol.COHERE_V2, Protocol.COHERE)) {
                String written = new String(embeddings(client).encodeResponse(read, one));
                assertTrue(written.contains("[" + numbers + "]"), upstream.configName() + " to "
                        + client.configName() + ": " + written);
            }
            EmbeddingRequest base64 = new EmbeddingRequest("m", one.inputs(), true, null,
                    List.of(EmbeddingType.BASE64), null, null, null);
            String written = Json.parseObject(embeddings(Protocol.OPENAI).encodeResponse(read, base64), "answer")
                    .at("/data/0/embedding").textValue();
            assertArrayEquals(new float[] {1e-5f, -0.0f, 0.1f, 3f, -2500f}, EmbeddingValues.fromBase64(written));
        });
    }

    @Test
    void theSizeOfAnAnswerCopiedAsTextIsItsTextsLength() {
        String numbers = "0.1234567890123456789012345678901234567890,2";
        EmbeddingRequest one = texts(1);
        EmbeddingResponse read = embeddings(Protocol.OPENAI).decodeResponse(
                ("{\"data\":[{\"index\":0,\"embedding\":[" + numbers + "]}]}").getBytes(), one);
        // What the answer's values take, not the 16 bytes a float32 takes at most: a number of an upstream's text
        // may be longer (the bound holds an answer to max-response-size before it is written).
        assertEquals(64 + numbers.length() + 2, EmbeddingValues.writtenBytes(read, List.of(EmbeddingType.FLOAT)));
    }

    // ---- batches ---------------------------------------------------------------------------------------------

    @Test
    void eachUpstreamHasItsMaximum() {
        assertEquals(Map.of(Protocol.OPENAI, 2048, Protocol.AZURE_OPENAI, 2048, Protocol.GEMINI, 100,
                Protocol.COHERE, 96, Protocol.COHERE_V2, 96), Map.of(
                Protocol.OPENAI, embeddings(Protocol.OPENAI).maxInputs(),
                Protocol.AZURE_OPENAI, embeddings(Protocol.AZURE_OPENAI).maxInputs(),
                Protocol.GEMINI, embeddings(Protocol.GEMINI).maxInputs(),
                Protocol.COHERE, embeddings(Protocol.COHERE).maxInputs(),
                Protocol.COHERE_V2, embeddings(Protocol.COHERE_V2).maxInputs()));
        assertFalse(CODECS.of(Protocol.ANTHROPIC).embeds());
        assertThrows(IllegalStateException.class, () -> CODECS.of(Protocol.OPENAI_RESPONSES).embeddings());
    }

    @Test
    void aBatchIsSplitInOrderAndItsAnswersJoinedInOrder() {
        EmbeddingRequest request = texts(5000);
        List<EmbeddingRequest> parts = EmbeddingBatches.split(request, 2048);
        assertEquals(List.of(2048, 2048, 904), parts.stream().map(p -> p.inputs().size()).toList());
        List<EmbeddingInput> rejoined = new ArrayList<>();
        parts.forEach(p -> rejoined.addAll(p.inputs()));
        assertEquals(request.inputs(), rejoined);
        assertEquals(List.of(request), EmbeddingBatches.split(request, 5000));

        List<EmbeddingResponse> answers = new ArrayList<>();
        int next = 0;
        for (EmbeddingRequest part : parts) {
            List<Embedding> vectors = new ArrayList<>();
            for (int i = 0; i < part.inputs().size(); i++) {
                vectors.add(new Embedding(new float[] {next++}));
            }
            answers.add(new EmbeddingResponse("m", vectors, 10, answers.size() != 1));
        }
        EmbeddingResponse joined = EmbeddingBatches.join(answers);
        assertEquals(5000, joined.embeddings().size());
        for (int i = 0; i < 5000; i++) {
            assertEquals(i, joined.embeddings().get(i).floats()[0]);
        }
        assertEquals(30, joined.inputTokens());
        assertFalse(joined.usageAccurate(), "one part estimated makes the sum an estimate");
    }

    @Test
    void aBatchLargerThanTheUpstreamTakesGoesAsSeveralRequests() {
        EmbeddingRequest request = texts(250);
        List<UpstreamRequest> gemini = embeddings(Protocol.GEMINI).encodeRequests(request,
                Outbound.of("gemini-embedding-2", key(Protocol.GEMINI)));
        assertEquals(List.of(100, 100, 50), gemini.stream().map(r -> body(r).get("requests").size()).toList());
        assertEquals("text 200", body(gemini.get(2)).at("/requests/0/content/parts/0/text").textValue());
        List<UpstreamRequest> cohere = embeddings(Protocol.COHERE_V2).encodeRequests(request,
                Outbound.of("embed-v4.0", key(Protocol.COHERE_V2)));
        assertEquals(List.of(96, 96, 58), cohere.stream().map(r -> body(r).get("texts").size()).toList());
        assertEquals(1, embeddings(Protocol.OPENAI).encodeRequests(request,
                Outbound.of("text-embedding-3-small", key(Protocol.OPENAI))).size());
        assertThrows(IllegalArgumentException.class, () -> embeddings(Protocol.COHERE).encodeRequest(request,
                Outbound.of("embed-english-v3.0", key(Protocol.COHERE))));
    }

    // ---- usage -----------------------------------------------------------------------------------------------

    @Test
    void usageIsCountedWhereTheUpstreamCountsAndEstimatedWhereItDoesNot() {
        EmbeddingsCodec gemini = embeddings(Protocol.GEMINI);
        EmbeddingRequest one = decode(Protocol.GEMINI,
                Fixtures.text("gemini-extra/request_batch_embed_contents.json"), Drops.recording());
        EmbeddingResponse none = gemini.decodeResponse(
                Fixtures.bytes("gemini-extra/response_batch_embed_contents.json"), one);
        assertFalse(none.usageAccurate());
        assertTrue(none.inputTokens() > 0);
        assertEquals("gemini-embedding-2", none.model(), "the model asked for, where the answer names none");

        EmbeddingRequest two = decode(Protocol.GEMINI,
                Fixtures.text("gemini-extra/request_batch_embed_contents_two_inputs.json"), Drops.recording());
        EmbeddingResponse counted = gemini.decodeResponse(
                Fixtures.bytes("gemini-extra/response_batch_embed_contents_two_inputs.json"), two);
        assertTrue(counted.usageAccurate());
        assertEquals(14, counted.inputTokens());
        EmbeddingRequest vertex = decode(Protocol.GEMINI,
                Fixtures.text("gemini-extra/request_embed_content_vertex.json"), Drops.recording());
        assertEquals(11, gemini.decodeResponse(Fixtures.bytes("gemini-extra/response_embed_content_vertex.json"),
                vertex).inputTokens());

        // Without the count itself, the modality details count, under either spelling.
        for (String fixture : List.of("gemini-extra/response_batch_embed_contents_two_inputs.json",
                "gemini-extra/response_embed_content_vertex.json")) {
            ObjectNode answer = Json.parseObject(Fixtures.bytes(fixture), fixture);
            ((ObjectNode) answer.get("usageMetadata")).remove("promptTokenCount");
            EmbeddingRequest sent = fixture.contains("two") ? two : vertex;
            EmbeddingResponse r = gemini.decodeResponse(Json.bytes(answer), sent);
            assertTrue(r.usageAccurate(), fixture);
            assertEquals(fixture.contains("two") ? 14 : 11, r.inputTokens(), fixture);
        }
    }

    @Test
    void tokenIdsAreTheirOwnCount() {
        EmbeddingRequest ids = new EmbeddingRequest("m", List.of(new EmbeddingInput.TokenIds(new int[] {1, 2, 3}),
                new EmbeddingInput.TokenIds(new int[] {4, 5})), false, null, List.of(), null, null, null);
        String answer = "{\"data\":[{\"index\":1,\"embedding\":[0.5]},{\"index\":0,\"embedding\":[0.25]}]}";
        EmbeddingResponse r = embeddings(Protocol.OPENAI).decodeResponse(answer.getBytes(), ids);
        assertEquals(5, r.inputTokens());
        assertFalse(r.usageAccurate());
        assertEquals(0.25f, r.embeddings().get(0).floats()[0], "placed by index, not by position");
    }

    @Test
    void anAnswerWithoutOneEmbeddingPerInputIsUnreadable() {
        assertThrows(IllegalStateException.class, () -> embeddings(Protocol.GEMINI).decodeResponse(
                Fixtures.bytes("gemini-extra/response_batch_embed_contents.json"), texts(2)));
        Map<Protocol, String> unreadable = Map.of(
                Protocol.OPENAI, "{\"data\":[{\"index\":0,\"embedding\":[\"x\"]}]}",
                Protocol.AZURE_OPENAI, "{\"data\":[{\"index\":3,\"embedding\":[0.5]}]}",
                Protocol.GEMINI, "{\"embedding\":{\"values\":[0.5]}} {}",
                Protocol.COHERE_V2, "{\"embeddings\":{\"float\":[[0.5],[0.25]]}}",
                Protocol.COHERE, "{\"embeddings\":{\"int8\":[[0.5]]}}");
        unreadable.forEach((p, answer) -> assertThrows(IllegalArgumentException.class,
                () -> embeddings(p).decodeResponse(answer.getBytes(), texts(1)), p + ": " + answer));
    }

    @Test
    void fieldsOfAnAnswerTheRouterDoesNotUseAreSkippedWhole() {
        String answer = "{\"object\":\"list\",\"extra\":{\"data\":[1]},\"data\":[{\"object\":\"embedding\","
                + "\"embedding\":[1e-3,2],\"index\":0,\"more\":[[{}]]}],\"model\":null,\"usage\":null}";
        EmbeddingResponse r = embeddings(Protocol.OPENAI).decodeResponse(answer.getBytes(), texts(1));
        assertArrayEquals(new float[] {1e-3f, 2f}, r.embeddings().get(0).floats());
        assertEquals("m", r.model());
        assertFalse(r.usageAccurate());
    }

    // ---- what clients send ---------------------------------------------------------------------------------

    @Test
    void fieldsTheNeutralFormHasNoPlaceForAreNamed() {
        Drops openAi = Drops.recording();
        decode(Protocol.OPENAI, "{\"model\":\"m\",\"input\":\"a\",\"extra_body\":{\"x\":1}}", openAi);
        assertEquals(Set.of("extra_body"), openAi.names());
        Drops cohere = Drops.recording();
        decode(Protocol.COHERE_V2, "{\"model\":\"m\",\"texts\":[\"a\"],\"input_type\":\"search_query\","
                + "\"max_tokens\":64,\"priority\":3}", cohere);
        assertEquals(Set.of("max_tokens", "priority"), cohere.names());
        Drops gemini = Drops.recording();
        decode(Protocol.GEMINI, "{\"requests\":[{\"model\":\"models/g\",\"content\":{\"parts\":[{\"text\":\"a\","
                + "\"thought\":true}]},\"labels\":{\"team\":\"a\"}}]}", gemini);
        assertEquals(Set.of("requests[].labels", "requests[].content.parts[].thought"), gemini.names());
    }

    @Test
    void malformedRequestsAreRefusedNamingTheField() {
        Map<String, String> openAi = Map.of(
                "{\"model\":\"m\",\"input\":[]}", "'input' must not be empty",
                "{\"model\":\"m\",\"input\":[\"a\",[1]]}", "'input' must be a string, an array of strings, an array"
                        + " of token ids or an array of arrays of token ids",
                "{\"model\":\"m\",\"input\":[[1,-2]]}", "'input[0]' must hold token ids: integers of at least 0",
                "{\"model\":\"m\",\"input\":\"a\",\"encoding_format\":\"int8\"}",
                "'encoding_format' must be 'float' or 'base64'",
                "{\"input\":\"a\"}", "'model' is required");
        openAi.forEach((json, message) -> assertEquals(message, assertThrows(RouterException.class,
                () -> decode(Protocol.OPENAI, json, Drops.recording())).error().message(), json));
        Map<String, String> gemini = Map.of(
                "{\"requests\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"taskType\":\"CLUSTERING\"},"
                        + "{\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}",
                "'requests[1].taskType' must be the same in every request of a batch",
                "{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AA==\"}}]}}",
                "'content.parts[0]' is not a text part; the router converts text embeddings only",
                "{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"taskType\":\"SEARCH\"}",
                "'taskType' must be one of RETRIEVAL_QUERY, RETRIEVAL_DOCUMENT, SEMANTIC_SIMILARITY, CLASSIFICATION,"
                        + " CLUSTERING, QUESTION_ANSWERING, FACT_VERIFICATION, CODE_RETRIEVAL_QUERY, got 'SEARCH'");
        gemini.forEach((json, message) -> assertEquals(message, assertThrows(RouterException.class,
                () -> decode(Protocol.GEMINI, json, Drops.recording())).error().message(), json));
        Map<String, String> cohere = Map.of(
                "{\"model\":\"m\",\"inputs\":[{\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}",
                "'inputs[0].content[0]' is not a text part; the router converts text embeddings only",
                "{\"model\":\"m\",\"images\":[\"data:image/png;base64,AA==\"]}",
                "'images' cannot be embedded here: the router converts text embeddings only",
                "{\"model\":\"m\",\"texts\":[\"a\"],\"input_type\":\"query\"}",
                "'input_type' must be one of search_document, search_query, classification, clustering, image,"
                        + " got 'query'",
                "{\"model\":\"m\",\"texts\":[\"a\"],\"embedding_types\":[\"float16\"]}",
                "'embedding_types' must hold float, int8, uint8, binary, ubinary or base64");
        cohere.forEach((json, message) -> assertEquals(message, assertThrows(RouterException.class,
                () -> decode(Protocol.COHERE_V2, json, Drops.recording())).error().message(), json));
    }

    @Test
    void aGeminiContentOfSeveralTextPartsIsOneInput() {
        EmbeddingRequest r = decode(Protocol.GEMINI,
                "{\"content\":{\"parts\":[{\"text\":\"a\"},{\"text\":\"b\"}]},\"title\":\"T\"}", Drops.recording());
        assertEquals(List.of(new EmbeddingInput.Text("a\nb", "T")), r.inputs());
        assertTrue(r.single());
    }

    // ---- what upstreams get ----------------------------------------------------------------------------------

    @Test
    void tasksMapToTheNearestCounterpartAndWhatIsLostIsNamed() {
        Map<EmbeddingTask, String> cohere = Map.of(EmbeddingTask.SEARCH_QUERY, "search_query",
                EmbeddingTask.QUESTION_ANSWERING, "search_query", EmbeddingTask.SEMANTIC_SIMILARITY, "search_document",
                EmbeddingTask.CLUSTERING, "clustering", EmbeddingTask.IMAGE, "image");
        cohere.forEach((task, name) -> {
            Drops drops = Drops.forAttempt(false, CODECS.of(Protocol.GEMINI)::fieldName);
            EmbeddingRequest r = new EmbeddingRequest("m", List.of(new EmbeddingInput.Text("a")), false, null,
                    List.of(), task, null, null);
            JsonNode body = body(embeddings(Protocol.COHERE_V2).encodeRequest(r,
                    new Outbound("embed-v4.0", key(Protocol.COHERE_V2), drops)));
            assertEquals(name, body.get("input_type").textValue(), task.name());
            boolean exact = task == EmbeddingTask.SEARCH_QUERY || task == EmbeddingTask.CLUSTERING
                    || task == EmbeddingTask.IMAGE;
            assertEquals(exact ? Set.of() : Set.of("taskType"), drops.names(), task.name());
        });
        Drops drops = Drops.forAttempt(false, CODECS.of(Protocol.COHERE_V2)::fieldName);
        EmbeddingRequest image = new EmbeddingRequest("m", List.of(new EmbeddingInput.Text("a")), false, null,
                List.of(), EmbeddingTask.IMAGE, "u", null);
        JsonNode body = body(embeddings(Protocol.GEMINI).encodeRequest(image,
                new Outbound("gemini-embedding-2", key(Protocol.GEMINI), drops)));
        assertFalse(body.has("taskType"));
        assertEquals(Set.of("input_type", "user"), drops.names());
    }

    @Test
    void aStrictAttemptRefusesWhatItWouldDrop() {
        Drops strict = Drops.forAttempt(true, CODECS.of(Protocol.COHERE_V2)::fieldName);
        EmbeddingRequest r = decode(Protocol.COHERE_V2, Fixtures.text("embeddings/cohere_v2_request_float.json"),
                Drops.recording());
        RouterException e = assertThrows(RouterException.class, () -> embeddings(Protocol.OPENAI).encodeRequest(r,
                new Outbound("text-embedding-3-small", key(Protocol.OPENAI), strict)));
        assertTrue(e.error().message().contains("'input_type'"), e.error().message());
    }

    @Test
    void severalFloatFormsAreOneUpstreamRequestAndWrittenEachForTheClient() {
        EmbeddingRequest r = decode(Protocol.COHERE_V2, "{\"model\":\"m\",\"texts\":[\"a\"],"
                + "\"input_type\":\"search_query\",\"embedding_types\":[\"float\",\"base64\"]}", Drops.recording());
        JsonNode openAi = body(embeddings(Protocol.OPENAI).encodeRequest(r,
                Outbound.of("text-embedding-3-small", key(Protocol.OPENAI))));
        assertEquals("float", openAi.get("encoding_format").textValue());
        JsonNode cohere = body(embeddings(Protocol.COHERE_V2).encodeRequest(r,
                Outbound.of("embed-v4.0", key(Protocol.COHERE_V2))));
        assertEquals("[\"float\"]", cohere.get("embedding_types").toString(), "base64 is written by the router");
        float[] values = {0.5f, -1.25f};
        JsonNode answer = Json.parseObject(embeddings(Protocol.COHERE_V2).encodeResponse(
                new EmbeddingResponse("m", List.of(new Embedding(values)), 1, true), r), "answer");
        assertEquals("[[0.5,-1.25]]", answer.at("/embeddings/float").toString());
        assertEquals(EmbeddingValues.toBase64(values), answer.at("/embeddings/base64/0").textValue());
    }

    @Test
    void aCohereV1RequestWithoutTypesIsAnsweredWithBareFloats() {
        EmbeddingRequest r = decode(Protocol.COHERE, "{\"model\":\"m\",\"texts\":[\"a\"]}", Drops.recording());
        JsonNode answer = Json.parseObject(embeddings(Protocol.COHERE).encodeResponse(
                new EmbeddingResponse("m", List.of(new Embedding(new float[] {0.5f})), 1, true), r), "answer");
        assertEquals("embeddings_floats", answer.get("response_type").textValue());
        assertEquals("[[0.5]]", answer.get("embeddings").toString());
    }

    @Test
    void azureTakesOpenAisBodyOnItsOwnUrls() {
        EmbeddingRequest r = decode(Protocol.OPENAI,
                Fixtures.text("embeddings/openai_request_base64_batch_dimensions.json"), Drops.recording());
        UpstreamRequest classic = embeddings(Protocol.AZURE_OPENAI).encodeRequest(r, Outbound.of("dep",
                new Key(Protocol.AZURE_OPENAI, "https://res.openai.azure.com", "secret", "2024-06-01")));
        assertEquals("https://res.openai.azure.com/openai/deployments/dep/embeddings?api-version=2024-06-01",
                classic.url());
        assertEquals("secret", classic.headers().get("api-key"));
        UpstreamRequest v1 = embeddings(Protocol.AZURE_OPENAI).encodeRequest(r, Outbound.of("dep",
                new Key(Protocol.AZURE_OPENAI, "https://res.openai.azure.com/openai/v1", "secret")));
        assertEquals("https://res.openai.azure.com/openai/v1/embeddings", v1.url());
        assertEquals(body(classic), body(v1));
    }

    @Test
    void aRecordedRequestGoesToAnUpstreamOfItsOwnProtocolAsRecorded() {
        Map<Protocol, String> recorded = Map.of(
                Protocol.OPENAI, "embeddings/openai_request_base64_batch_dimensions.json",
                Protocol.GEMINI, "gemini-extra/request_batch_embed_contents_two_inputs.json",
                Protocol.COHERE_V2, "embeddings/cohere_v2_request_documents.json",
                Protocol.COHERE, "embeddings/cohere_v1_request_int8.json");
        recorded.forEach((p, fixture) -> {
            ObjectNode sent = Json.parseObject(Fixtures.bytes(fixture), fixture);
            EmbeddingRequest r = decode(p, Fixtures.text(fixture), Drops.recording());
            String model = p == Protocol.GEMINI ? "gemini-embedding-2" : sent.get("model").textValue();
            Drops drops = Drops.recording();
            JsonNode body = body(embeddings(p).encodeRequest(r, new Outbound(model, key(p), drops)));
            sent.properties().removeIf(e -> e.getValue().isNull());
            assertEquals(sent, body, fixture);
            assertTrue(drops.isEmpty(), fixture + ": " + drops.names());
        });
    }

    // ---- errors ----------------------------------------------------------------------------------------------

    @Test
    void anUpstreamsErrorReachesTheClientInTheClientsFormat() {
        ApiError gemini = CODECS.of(Protocol.GEMINI).decodeError(404,
                Fixtures.bytes("gemini-extra/error_404_batch_embed_contents_not_found.json")).error();
        EncodedError toOpenAi = CODECS.of(Protocol.OPENAI).encodeError(UpstreamErrors.relayed(gemini, null));
        assertEquals(404, toOpenAi.status());
        JsonNode body = Json.parseObject(toOpenAi.body(), "error");
        assertTrue(body.at("/error/message").textValue().startsWith("models/nonexistent-model is not found"));
        ApiError cohere = CODECS.of(Protocol.COHERE_V2).decodeError(404,
                Fixtures.bytes("embeddings/cohere_v2_error_404_model_not_found.json")).error();
        EncodedError toGemini = CODECS.of(Protocol.GEMINI).encodeError(UpstreamErrors.relayed(cohere, null));
        assertEquals(404, toGemini.status());
        assertEquals("NOT_FOUND", Json.parseObject(toGemini.body(), "error").at("/error/status").textValue());
    }
}
