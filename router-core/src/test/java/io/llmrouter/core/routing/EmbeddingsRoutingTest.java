package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.EndpointKind;
import io.llmrouter.api.Key;
import io.llmrouter.api.Operation;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EmbeddingValues;
import io.llmrouter.core.convert.matrix.EmbeddingAnswers;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Embeddings through the router: only endpoints of kind embeddings serve them (and never chat), a batch larger than
 * the chosen upstream takes is split and joined in order, a failure of any part fails the whole batch over to the next
 * endpoint, usage is metered at the input price, and an answer too large to hold fails cleanly.
 */
class EmbeddingsRoutingTest {

    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingListener listener = new RecordingListener();

    private LlmRouter router(long maxResponseBytes) {
        return new LlmRouter(Codecs.defaults(), transport, new TokenEstimator(), new FailureClassifier(), listener,
                Offload.NEVER, new UpstreamLimits(maxResponseBytes, FrameLimits.DEFAULTS, Duration.ofSeconds(30)));
    }

    private static Endpoint endpoint(String name, Protocol protocol, double inputPrice, EndpointKind kind) {
        return new Endpoint(name, new Key(protocol, "https://" + name + ".example", "k-" + name), "up-" + name,
                Set.of(), inputPrice, kind == EndpointKind.CHAT ? inputPrice : 0,
                new CircuitBreakerConfig(3, Duration.ofSeconds(60)), inputPrice, inputPrice, kind);
    }

    private static Endpoint embeddings(String name, Protocol protocol, double inputPrice) {
        return endpoint(name, protocol, inputPrice, EndpointKind.EMBEDDINGS);
    }

    private RoutedResponse call(LlmRouter router, Operation operation, String body, Endpoint... endpoints) {
        EndpointPool pool = new EndpointPool(Arrays.asList(endpoints), 3, new ManualTicker());
        return router.route("t", pool, body.getBytes(StandardCharsets.UTF_8), Protocol.OPENAI,
                InboundContext.BODY_ONLY, CallPolicy.DEFAULTS, operation).await().atMost(Duration.ofSeconds(5));
    }

    private RoutedResponse embed(String body, Endpoint... endpoints) {
        return call(router(UpstreamLimits.DEFAULTS.maxResponseBytes()), Operation.EMBEDDINGS, body, endpoints);
    }

    /** An OpenAI embeddings body of {@code n} texts {@code "text <i>"}. */
    private static String texts(int n, String format) {
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < n; i++) {
            input.append(i == 0 ? "" : ",").append("\"text ").append(i).append('"');
        }
        return "{\"model\":\"m\",\"input\":[" + input + "],\"encoding_format\":\"" + format + "\"}";
    }

    /** An upstream that answers each request with one vector per text, marked with the number in the text. */
    private static Function<UpstreamRequest, Answer> marking(Protocol upstream) {
        return r -> {
            ObjectNode body = Json.parseObject(r.body(), "sent");
            return Answer.ok(EmbeddingAnswers.answer(upstream, body, EmbeddingAnswers.marks(body)));
        };
    }

    private static JsonNode json(RoutedResponse r) {
        return Json.tryParse(new String(Answers.body(r), StandardCharsets.UTF_8));
    }

    @Test
    void embeddingsGoOnlyToEmbeddingsEndpointsAndChatNeverDoes() {
        transport.on("https://emb.example", marking(Protocol.GEMINI));
        transport.on("https://chat.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));
        Endpoint chat = endpoint("chat", Protocol.OPENAI, 0.00001, EndpointKind.CHAT);
        Endpoint emb = embeddings("emb", Protocol.GEMINI, 0.001);

        RoutedResponse r = embed(texts(2, "float"), chat, emb);
        assertEquals(200, r.status(), new String(Answers.body(r), StandardCharsets.UTF_8));
        assertEquals("emb", r.headers().get(RoutedResponse.ENDPOINT_HEADER), "the cheaper chat endpoint is no candidate");

        RoutedResponse chatCall = call(router(UpstreamLimits.DEFAULTS.maxResponseBytes()), Operation.CHAT,
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", emb);
        assertEquals(404, chatCall.status(), "an embeddings endpoint serves no chat");
        RoutedResponse mixed = call(router(UpstreamLimits.DEFAULTS.maxResponseBytes()), Operation.CHAT,
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", chat, emb);
        assertEquals("chat", mixed.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(404, embed(texts(1, "float"), chat).status(), "a chat endpoint serves no embeddings");
        assertEquals(0, transport.calls("https://chat.example/v1/embeddings"));
    }

    @Test
    void aBatchLargerThanTheUpstreamTakesIsSplitAndJoinedInOrder() {
        transport.on("https://gem.example", marking(Protocol.GEMINI));

        RoutedResponse r = embed(texts(250, "base64"), embeddings("gem", Protocol.GEMINI, 0.001));

        assertEquals(200, r.status(), new String(Answers.body(r), StandardCharsets.UTF_8));
        List<Integer> sizes = transport.requests.stream()
                .map(q -> Json.parseObject(q.body(), "sent").get("requests").size()).toList();
        assertEquals(List.of(100, 100, 50), sizes, "Gemini takes 100 requests a batch");
        JsonNode data = json(r).get("data");
        assertEquals(250, data.size());
        for (int i = 0; i < 250; i++) {
            assertEquals(i, data.get(i).get("index").intValue());
            float first = EmbeddingValues.fromBase64(data.get(i).get("embedding").textValue())[0];
            assertEquals(i, first, "vector " + i + " in its place");
        }
        assertEquals("1", r.headers().get(RoutedResponse.ATTEMPTS_HEADER), "the parts are one attempt");
    }

    @Test
    void aFailedPartFailsTheWholeBatchOverToTheNextEndpoint() {
        int[] seen = {0};
        Function<UpstreamRequest, Answer> gemini = marking(Protocol.GEMINI);
        transport.on("https://gem.example", q -> ++seen[0] == 2
                ? Answer.status(503, "{\"error\":{\"code\":503,\"message\":\"overloaded\",\"status\":\"UNAVAILABLE\"}}",
                Map.of()) : gemini.apply(q));
        transport.on("https://co.example", marking(Protocol.COHERE_V2));

        RoutedResponse r = embed(texts(150, "float"), embeddings("gem", Protocol.GEMINI, 0.001),
                embeddings("co", Protocol.COHERE_V2, 0.002));

        assertEquals(200, r.status(), new String(Answers.body(r), StandardCharsets.UTF_8));
        assertEquals("co", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals("2", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        assertEquals(2, transport.calls("https://gem.example"), "the second part failed; no third was sent");
        assertEquals(List.of(96, 54), transport.requests.stream().filter(q -> q.url().startsWith("https://co."))
                .map(q -> Json.parseObject(q.body(), "sent").get("texts").size()).toList(),
                "the whole batch again, in Cohere's parts of 96");
        JsonNode data = json(r).get("data");
        for (int i = 0; i < 150; i++) {
            assertEquals(i, data.get(i).get("embedding").get(0).floatValue(), "vector " + i + " in its place");
        }
    }

    @Test
    void aCallerErrorOnAPartIsRelayedWithoutFailover() {
        transport.on("https://oa.example", Answer.status(400, "{\"error\":{\"message\":\"dimensions too large\","
                + "\"type\":\"invalid_request_error\",\"code\":null}}", Map.of()));
        transport.on("https://co.example", marking(Protocol.COHERE_V2));

        RoutedResponse r = embed(texts(3, "float"), embeddings("oa", Protocol.OPENAI, 0.001),
                embeddings("co", Protocol.COHERE_V2, 0.002));

        assertEquals(400, r.status());
        assertEquals(0, transport.calls("https://co.example"));
        assertTrue(json(r).at("/error/message").asText().contains("dimensions too large"), json(r).toString());
    }

    @Test
    void usageIsMeteredAtTheInputPrice() {
        transport.on("https://oa.example", marking(Protocol.OPENAI));

        RoutedResponse r = embed(texts(3, "float"), embeddings("oa", Protocol.OPENAI, 0.02));

        assertEquals(200, r.status());
        long tokens = Long.parseLong(r.headers().get(RoutedResponse.INPUT_TOKENS_HEADER));
        assertTrue(tokens > 0, "the recorded answer's prompt tokens");
        assertEquals("0", r.headers().get(RoutedResponse.OUTPUT_TOKENS_HEADER));
        assertEquals("true", r.headers().get(RoutedResponse.USAGE_ACCURATE_HEADER));
        assertEquals(Responses.formatCost(0.02 * tokens / 1000), r.headers().get(RoutedResponse.COST_HEADER));
        CallRecord record = listener.calls.get(0);
        assertEquals(Operation.EMBEDDINGS, record.operation());
        assertEquals("success", record.outcome());
        assertEquals(tokens, record.usage().inputTokens());
    }

    @Test
    void anAnswerTooLargeToHoldFailsOverAndEndsIn502() {
        transport.on("https://gem.example", marking(Protocol.GEMINI));

        // 150 vectors of the recorded length, as float text, are far over 64 KB.
        RoutedResponse r = call(router(64 * 1024), Operation.EMBEDDINGS, texts(150, "float"),
                embeddings("gem", Protocol.GEMINI, 0.001));

        assertEquals(502, r.status());
        assertTrue(json(r).at("/error/message").asText().contains("size limit")
                || json(r).at("/error/message").asText().contains("max-response-size"), json(r).toString());
        assertEquals("bad_gateway", listener.calls.get(0).outcome());
    }

    @Test
    void anEmbeddingsEndpointNeedsAProtocolWithEmbeddingsAndNoOutputPrice() {
        ConfigurationException kind = assertThrows(ConfigurationException.class,
                () -> EndpointKinds.check(embeddings("claude", Protocol.ANTHROPIC, 0.001)));
        assertTrue(kind.getMessage().contains("kind"), kind.getMessage());
        EndpointKinds.check(embeddings("gem", Protocol.GEMINI, 0.001));
        EndpointKinds.check(endpoint("claude", Protocol.ANTHROPIC, 0.001, EndpointKind.CHAT));

        Endpoint priced = new Endpoint("e", new Key(Protocol.OPENAI, "https://e.example", "k"), "m", Set.of(), 0.001,
                0.002, null, 0.001, 0.001, EndpointKind.EMBEDDINGS);
        ConfigurationException output = assertThrows(ConfigurationException.class, priced::validate);
        assertTrue(output.getMessage().contains("output-price"), output.getMessage());
    }
}
