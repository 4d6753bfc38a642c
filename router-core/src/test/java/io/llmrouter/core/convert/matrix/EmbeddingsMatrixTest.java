package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.llmrouter.api.embed.EmbeddingType;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.EmbeddingsCodec;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Embeddings for every client door (OpenAI, Gemini, Cohere v2, Cohere v1) × every upstream (OpenAI, Azure OpenAI,
 * Gemini, Cohere v2, Cohere v1), on the recorded requests: each request encoded for the upstream (its URL, its
 * texts in order, dimensions and task mapped, what cannot go refused naming the client's field or dropped by name),
 * answered with the upstream's recorded answer (its vectors, one per input, each marked with its position), and the
 * answer converted back for the client, which reads the same values in the same order, base64 and floats alike.
 */
class EmbeddingsMatrixTest {

    /** The recorded client requests: fixture, client protocol, the model in the route (Gemini). */
    private record ClientCase(String fixture, Protocol protocol) {

        String name() {
            return fixture.substring(fixture.lastIndexOf('/') + 1);
        }

        InboundContext context() {
            return protocol == Protocol.GEMINI ? InboundContext.gemini("gemini-embedding-2", false, true)
                    : InboundContext.BODY_ONLY;
        }
    }

    private static final List<ClientCase> CLIENTS = List.of(
            new ClientCase("embeddings/openai_request_base64_batch_dimensions.json", Protocol.OPENAI),
            new ClientCase("embeddings/openai_request_float_doc.json", Protocol.OPENAI),
            new ClientCase("embeddings/openai_request_token_ids.json", Protocol.OPENAI),
            new ClientCase("gemini-extra/request_batch_embed_contents.json", Protocol.GEMINI),
            new ClientCase("gemini-extra/request_batch_embed_contents_two_inputs.json", Protocol.GEMINI),
            new ClientCase("gemini-extra/request_embed_content_vertex.json", Protocol.GEMINI),
            new ClientCase("embeddings/cohere_v2_request_documents.json", Protocol.COHERE_V2),
            new ClientCase("embeddings/cohere_v2_request_float.json", Protocol.COHERE_V2),
            new ClientCase("embeddings/cohere_v1_request_float.json", Protocol.COHERE),
            new ClientCase("embeddings/cohere_v1_request_int8.json", Protocol.COHERE));

    private static final List<Protocol> UPSTREAMS = List.of(Protocol.OPENAI, Protocol.AZURE_OPENAI,
            Protocol.GEMINI, Protocol.COHERE_V2, Protocol.COHERE);

    /** Refusals: client fixture × upstream → the field named in the 400, in the client's terms. */
    private static final Map<String, Map<Protocol, String>> REFUSED = Map.of(
            "openai_request_token_ids.json", Map.of(Protocol.GEMINI, "input", Protocol.COHERE_V2, "input",
                    Protocol.COHERE, "input"),
            "openai_request_base64_batch_dimensions.json", Map.of(Protocol.COHERE, "dimensions"),
            "request_batch_embed_contents.json", Map.of(Protocol.COHERE, "outputDimensionality"),
            "cohere_v1_request_int8.json", Map.of(Protocol.OPENAI, "embedding_types", Protocol.AZURE_OPENAI,
                    "embedding_types", Protocol.GEMINI, "embedding_types"));

    /** Drops: client fixture × upstream → the names left out, in the client's terms. */
    private static final Map<String, Map<Protocol, Set<String>>> DROPPED = Map.of(
            "request_batch_embed_contents.json", Map.of(Protocol.OPENAI, Set.of("taskType"),
                    Protocol.AZURE_OPENAI, Set.of("taskType")),
            "cohere_v2_request_documents.json", Map.of(Protocol.OPENAI, Set.of("input_type"),
                    Protocol.AZURE_OPENAI, Set.of("input_type"), Protocol.GEMINI, Set.of("truncate")),
            "cohere_v2_request_float.json", Map.of(Protocol.OPENAI, Set.of("input_type"),
                    Protocol.AZURE_OPENAI, Set.of("input_type"), Protocol.GEMINI, Set.of("truncate")),
            "cohere_v1_request_float.json", Map.of(Protocol.OPENAI, Set.of("input_type"),
                    Protocol.AZURE_OPENAI, Set.of("input_type")));

    /** The task each client fixture asks, as Gemini and Cohere name it (null: none). */
    private static final Map<String, String[]> TASKS = Map.of(
            "request_batch_embed_contents.json", new String[] {"RETRIEVAL_QUERY", "search_query"},
            "cohere_v2_request_documents.json", new String[] {"RETRIEVAL_DOCUMENT", "search_document"},
            "cohere_v2_request_float.json", new String[] {"RETRIEVAL_QUERY", "search_query"},
            "cohere_v1_request_float.json", new String[] {"RETRIEVAL_QUERY", "search_query"},
            "cohere_v1_request_int8.json", new String[] {"RETRIEVAL_DOCUMENT", "search_document"});

    @TestFactory
    Stream<DynamicTest> everyClientToEveryUpstream() {
        return CLIENTS.stream().flatMap(c -> UPSTREAMS.stream().map(u -> DynamicTest.dynamicTest(
                c.protocol().configName() + " " + c.name() + " -> " + u.configName(), () -> convert(c, u))));
    }

    private static void convert(ClientCase c, Protocol upstream) {
        ProtocolCodec clientCodec = ConversionPath.CODECS.of(c.protocol());
        EmbeddingsCodec client = clientCodec.embeddings();
        EmbeddingsCodec up = ConversionPath.CODECS.of(upstream).embeddings();
        Drops decoded = Drops.recording();
        EmbeddingRequest request = client.decodeRequest(Json.parseRequest(Fixtures.bytes(c.fixture())),
                c.context(), decoded);
        assertTrue(decoded.isEmpty(), "the recorded request decodes whole: " + decoded.names());
        Drops drops = Drops.forAttempt(false, clientCodec::fieldName);
        Outbound out = new Outbound(model(upstream), ConversionPath.key(upstream), drops);

        String refused = REFUSED.getOrDefault(c.name(), Map.of()).get(upstream);
        if (refused != null) {
            RouterException e = assertThrows(RouterException.class, () -> up.encodeRequest(request, out));
            assertEquals(400, e.error().status());
            assertTrue(e.error().message().startsWith("'" + refused + "' "), e.error().message());
            return;
        }
        UpstreamRequest sent = up.encodeRequest(request, out);
        assertEquals(DROPPED.getOrDefault(c.name(), Map.of()).getOrDefault(upstream, Set.of()), drops.names());
        ObjectNode body = Json.parseObject(sent.body(), "upstream body");
        int n = request.inputs().size();
        assertEquals(url(upstream, n), sent.url());
        assertEquals(texts(request), upstreamTexts(upstream, body), "the texts, in order");
        checkDimensions(upstream, request, body);
        checkTask(c, upstream, body);

        byte[] answer = EmbeddingAnswers.answer(upstream, body, n);
        EmbeddingResponse r = up.decodeResponse(answer, request);
        assertEquals(n, r.embeddings().size());
        for (int i = 0; i < n; i++) {
            assertEquals(EmbeddingAnswers.mark(i), firstValue(r.embeddings().get(i)), "embedding " + i + " in place");
        }
        byte[] toClient = client.encodeResponse(r, request);
        EmbeddingResponse back = client.decodeResponse(toClient, request);
        assertEquals(r.embeddings(), back.embeddings(), "the client reads the same values in the same order");
        assertEquals(r.inputTokens(), back.inputTokens());
        checkClientAnswer(c, request, Json.parseObject(toClient, "client answer"));
    }

    private static String model(Protocol upstream) {
        return switch (upstream) {
            case OPENAI -> "text-embedding-3-small";
            case AZURE_OPENAI -> "embeddings-deployment";
            case GEMINI -> "gemini-embedding-2";
            case COHERE_V2 -> "embed-v4.0";
            default -> "embed-english-v3.0";
        };
    }

    private static String url(Protocol upstream, int n) {
        Key key = ConversionPath.key(upstream);
        return switch (upstream) {
            case OPENAI -> key.baseUrl() + "/v1/embeddings";
            case AZURE_OPENAI -> key.baseUrl() + "/openai/deployments/embeddings-deployment/embeddings"
                    + "?api-version=" + Key.DEFAULT_AZURE_API_VERSION;
            case GEMINI -> key.baseUrl() + "/v1beta/models/gemini-embedding-2:"
                    + (n == 1 ? "embedContent" : "batchEmbedContents");
            case COHERE_V2 -> key.baseUrl() + "/v2/embed";
            default -> key.baseUrl() + "/v1/embed";
        };
    }

    private static List<String> texts(EmbeddingRequest request) {
        List<String> texts = new ArrayList<>();
        for (EmbeddingInput input : request.inputs()) {
            texts.add(input instanceof EmbeddingInput.Text t ? t.text() : "ids:" + input);
        }
        return texts;
    }

    private static List<String> upstreamTexts(Protocol upstream, ObjectNode body) {
        List<String> texts = new ArrayList<>();
        switch (upstream) {
            case OPENAI, AZURE_OPENAI -> {
                JsonNode input = body.get("input");
                if (input.isTextual()) {
                    texts.add(input.textValue());
                } else if (input.get(0).isNumber()) {
                    texts.add("ids:" + new EmbeddingInput.TokenIds(ids(input)));
                } else {
                    input.forEach(i -> texts.add(i.isTextual() ? i.textValue()
                            : "ids:" + new EmbeddingInput.TokenIds(ids(i))));
                }
            }
            case GEMINI -> geminiRequests(body).forEach(r -> texts.add(r.at("/content/parts/0/text").textValue()));
            default -> body.get("texts").forEach(t -> texts.add(t.textValue()));
        }
        return texts;
    }

    private static int[] ids(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).intValue();
        }
        return ids;
    }

    private static List<JsonNode> geminiRequests(ObjectNode body) {
        List<JsonNode> requests = new ArrayList<>();
        if (body.has("requests")) {
            body.get("requests").forEach(requests::add);
        } else {
            requests.add(body);
        }
        return requests;
    }

    private static void checkDimensions(Protocol upstream, EmbeddingRequest request, ObjectNode body) {
        Integer asked = request.dimensions();
        switch (upstream) {
            case OPENAI, AZURE_OPENAI -> assertEquals(asked, intOrNull(body.get("dimensions")));
            case GEMINI -> geminiRequests(body).forEach(r ->
                    assertEquals(asked, intOrNull(r.get("outputDimensionality"))));
            case COHERE_V2 -> assertEquals(asked, intOrNull(body.get("output_dimension")));
            default -> assertNull(body.get("output_dimension"));
        }
    }

    private static Integer intOrNull(JsonNode n) {
        return n == null ? null : n.intValue();
    }

    private static void checkTask(ClientCase c, Protocol upstream, ObjectNode body) {
        String[] names = TASKS.get(c.name());
        switch (upstream) {
            case OPENAI, AZURE_OPENAI -> {
                assertFalse(body.has("input_type"));
                assertFalse(body.has("taskType"));
            }
            case GEMINI -> geminiRequests(body).forEach(r -> assertEquals(names == null ? null : names[0],
                    r.has("taskType") ? r.get("taskType").textValue() : null));
            // Cohere's models require an input type: documents when the client names no task.
            default -> assertEquals(names == null ? "search_document" : names[1], body.get("input_type").textValue());
        }
    }

    private static void checkClientAnswer(ClientCase c, EmbeddingRequest request, ObjectNode answer) {
        int n = request.inputs().size();
        switch (c.protocol()) {
            case OPENAI -> {
                assertEquals("list", answer.get("object").textValue());
                boolean base64 = request.types().contains(EmbeddingType.BASE64);
                for (int i = 0; i < n; i++) {
                    JsonNode item = answer.get("data").get(i);
                    assertEquals(i, item.get("index").intValue());
                    assertEquals(base64, item.get("embedding").isTextual(), "encoding_format kept");
                }
                assertEquals(answer.at("/usage/prompt_tokens"), answer.at("/usage/total_tokens"));
            }
            case GEMINI -> {
                assertEquals(request.single(), answer.has("embedding"), "embedContent answers one embedding");
                assertEquals(!request.single(), answer.has("embeddings"));
            }
            default -> {
                for (EmbeddingType type : request.typesOrFloat()) {
                    assertEquals(n, answer.get("embeddings").get(type.wireName()).size(), type.wireName());
                }
                assertEquals("embeddings_by_type", answer.get("response_type").textValue());
                assertEquals(texts(request).size(), answer.get("texts").size());
            }
        }
    }

    private static float firstValue(Embedding e) {
        if (e.floats() != null) {
            return e.floats()[0];
        }
        return e.quantized(EmbeddingType.INT8)[0];
    }
}
