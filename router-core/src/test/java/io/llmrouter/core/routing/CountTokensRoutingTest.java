package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Operation;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Counting tokens through the router: the endpoint the same chat call would get answers, natively where its protocol
 * counts (Anthropic, Gemini), with the router's estimate elsewhere; failures fail over as for chat.
 */
class CountTokensRoutingTest {

    private static final byte[] COUNT = Fixtures.bytes("anthropic-extra/request_count_tokens.json");

    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingListener listener = new RecordingListener();
    private final TokenEstimator estimator = new TokenEstimator();
    private final LlmRouter router = new LlmRouter(Codecs.defaults(), transport, estimator, new FailureClassifier(),
            listener);

    private static Endpoint endpoint(String name, Protocol protocol, double price) {
        return new Endpoint(name, new Key(protocol, "https://" + name + ".example", "k-" + name), "up-" + name,
                Set.of(), price, price, new CircuitBreakerConfig(3, Duration.ofSeconds(60)));
    }

    private RoutedResponse count(byte[] body, Endpoint... endpoints) {
        EndpointPool pool = new EndpointPool(Arrays.asList(endpoints), 3, new ManualTicker());
        return router.route("t", pool, body, Protocol.ANTHROPIC, InboundContext.BODY_ONLY, CallPolicy.DEFAULTS,
                Operation.COUNT_TOKENS).await().atMost(Duration.ofSeconds(5));
    }

    private static JsonNode json(byte[] bytes) {
        return Json.tryParse(new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void anAnthropicEndpointCountsWithItsOwnCountTokens() {
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes("anthropic-extra/response_count_tokens.json")));

        RoutedResponse r = count(COUNT, endpoint("claude", Protocol.ANTHROPIC, 0.001),
                endpoint("gpt", Protocol.OPENAI, 0.002));

        assertEquals(200, r.status());
        assertEquals(16, json(Answers.body(r)).path("input_tokens").asInt());
        assertEquals("claude", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals("1", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        assertEquals("16", r.headers().get(RoutedResponse.INPUT_TOKENS_HEADER));
        assertEquals("true", r.headers().get(RoutedResponse.USAGE_ACCURATE_HEADER));
        assertNull(r.headers().get(RoutedResponse.COST_HEADER), "counting is free");
        assertNull(r.headers().get(RoutedResponse.OUTPUT_TOKENS_HEADER));
        assertEquals(1, transport.requests.size());
        var sent = transport.requests.get(0);
        assertEquals("https://claude.example/v1/messages/count_tokens", sent.url());
        assertFalse(sent.stream());
        JsonNode body = json(sent.body());
        assertEquals("up-claude", body.path("model").asText(), "the endpoint's model");
        assertEquals("What is 2 + 2?", body.path("messages").path(0).path("content").path(0).path("text").asText());
        assertEquals("k-claude", sent.headers().get("x-api-key"));
        assertNull(listener.calls.get(0).usage(), "nothing to meter or bill");
    }

    @Test
    void aGeminiEndpointCountsWithCountTokensOnTheWholeRequest() {
        transport.on("https://gem.example", Answer.ok(Fixtures.bytes("gemini-extra/response_count_tokens.json")));

        RoutedResponse r = count(Fixtures.bytes("anthropic-extra/request_count_tokens_thinking_system.json"),
                endpoint("gem", Protocol.GEMINI, 0.001));

        assertEquals(200, r.status());
        assertEquals(12, json(Answers.body(r)).path("input_tokens").asInt());
        assertEquals("true", r.headers().get(RoutedResponse.USAGE_ACCURATE_HEADER));
        var sent = transport.requests.get(0);
        assertEquals("https://gem.example/v1beta/models/up-gem:countTokens", sent.url());
        JsonNode generate = json(sent.body()).path("generateContentRequest");
        assertEquals("models/up-gem", generate.path("model").asText());
        assertEquals("Hello there", generate.path("contents").path(0).path("parts").path(0).path("text").asText());
        assertEquals("You are a pirate",
                generate.path("systemInstruction").path("parts").path(0).path("text").asText(), "counted too");
        assertEquals(List.of("generateContentRequest"), iterable(json(sent.body())));
    }

    private static List<String> iterable(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void anEndpointOfAnotherProtocolAnswersTheRoutersEstimateWithoutAnAttempt() {
        RoutedResponse r = count(COUNT, endpoint("gpt", Protocol.OPENAI, 0.001),
                endpoint("claude", Protocol.ANTHROPIC, 0.002));

        int estimate = estimator.estimateRequest(Codecs.defaults().of(Protocol.ANTHROPIC).decodeRequest(COUNT,
                InboundContext.BODY_ONLY));
        assertEquals(200, r.status());
        assertEquals(estimate, json(Answers.body(r)).path("input_tokens").asInt());
        assertTrue(estimate > 0);
        assertEquals("gpt", r.headers().get(RoutedResponse.ENDPOINT_HEADER), "the cheapest endpoint, as for chat");
        assertEquals("false", r.headers().get(RoutedResponse.USAGE_ACCURATE_HEADER));
        assertEquals("0", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        assertTrue(transport.requests.isEmpty(), "no upstream is asked");
        assertEquals("success", listener.calls.get(0).outcome());
    }

    @Test
    void aFailingCountingEndpointFailsOverToTheNext() {
        transport.on("https://claude.example", Answer.status(529,
                Fixtures.text("constructed/anthropic/error_529_overloaded.json"), Map.of()));
        transport.on("https://gem.example", Answer.ok(Fixtures.bytes("gemini-extra/response_count_tokens.json")));

        RoutedResponse r = count(COUNT, endpoint("claude", Protocol.ANTHROPIC, 0.001),
                endpoint("gem", Protocol.GEMINI, 0.002));

        assertEquals(200, r.status());
        assertEquals("gem", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals("2", r.headers().get(RoutedResponse.ATTEMPTS_HEADER));
        assertEquals(12, json(Answers.body(r)).path("input_tokens").asInt());
        assertEquals(List.of("claude:retryable"), listener.failovers);
    }

    @Test
    void anUnreadableCountFailsOver() {
        transport.on("https://claude.example", Answer.ok("{\"tokens\":3}".getBytes(StandardCharsets.UTF_8)));

        RoutedResponse r = count(COUNT, endpoint("claude", Protocol.ANTHROPIC, 0.001),
                endpoint("gpt", Protocol.OPENAI, 0.002));

        assertEquals(200, r.status());
        assertEquals("gpt", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals("false", r.headers().get(RoutedResponse.USAGE_ACCURATE_HEADER));
    }

    @Test
    void anUnknownModelIsTheCallersErrorInItsFormat() {
        transport.on("https://claude.example", Answer.status(404,
                Fixtures.text("anthropic-extra/error_404_count_tokens_not_found.json"), Map.of()));

        RoutedResponse r = count(Fixtures.bytes("anthropic-extra/request_count_tokens_unknown_model.json"),
                endpoint("claude", Protocol.ANTHROPIC, 0.001), endpoint("gem", Protocol.GEMINI, 0.002));

        assertEquals(404, r.status());
        JsonNode body = json(Answers.body(r));
        assertEquals("error", body.path("type").asText());
        assertEquals("not_found_error", body.path("error").path("type").asText());
        assertEquals(1, transport.requests.size(), "the caller's error: no failover");
    }

    @Test
    void aCountEndpointThatDoesNotExistAnswersTheEstimateWithoutFailoverOrBreaker() {
        int estimate = estimator.estimateRequest(Codecs.defaults().of(Protocol.ANTHROPIC).decodeRequest(COUNT,
                InboundContext.BODY_ONLY));
        String[][] answers = {
            {"404", "404 page not found"},
            {"404", "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"Not Found\"}}"},
            {"405", "{\"detail\":\"Method Not Allowed\"}"},
            {"405", ""},
        };
        for (String[] answer : answers) {
            transport.on("https://claude.example", Answer.status(Integer.parseInt(answer[0]), answer[1], Map.of()));
            // Three times each: more than the breaker's threshold, which a missing count endpoint must not trip.
            for (int i = 0; i < 3; i++) {
                int before = transport.requests.size();
                RoutedResponse r = count(COUNT, endpoint("claude", Protocol.ANTHROPIC, 0.001),
                        endpoint("gem", Protocol.GEMINI, 0.002));

                String what = answer[0] + " " + answer[1];
                assertEquals(200, r.status(), what);
                assertEquals(estimate, json(Answers.body(r)).path("input_tokens").asInt(), what);
                assertEquals("claude", r.headers().get(RoutedResponse.ENDPOINT_HEADER), what);
                assertEquals("1", r.headers().get(RoutedResponse.ATTEMPTS_HEADER), what);
                assertEquals("false", r.headers().get(RoutedResponse.USAGE_ACCURATE_HEADER), what);
                assertEquals(before + 1, transport.requests.size(), "one attempt, no failover: " + what);
            }
        }
        assertTrue(listener.failovers.isEmpty(), listener.failovers.toString());
        assertTrue(listener.calls.stream().allMatch(c -> c.outcome().equals("success")));
    }

    @Test
    void aGeminiUnknownModelIsStillTheCallersError() {
        transport.on("https://gem.example", Answer.status(404,
                Fixtures.text("gemini-extra/error_404_count_tokens_not_found.json"), Map.of()));

        RoutedResponse r = count(COUNT, endpoint("gem", Protocol.GEMINI, 0.001),
                endpoint("claude", Protocol.ANTHROPIC, 0.002));

        assertEquals(404, r.status());
        assertEquals("not_found_error", json(Answers.body(r)).path("error").path("type").asText());
        assertEquals(1, transport.requests.size());
    }

    @Test
    void aCountIsOneAnswerEvenWhenTheBodyAsksForAStream() {
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes("anthropic-extra/response_count_tokens.json")));
        byte[] streamed = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);

        RoutedResponse r = count(streamed, endpoint("claude", Protocol.ANTHROPIC, 0.001));

        assertEquals(16, json(Answers.body(r)).path("input_tokens").asInt());
        assertFalse(transport.requests.get(0).stream());
    }

    @Test
    void aGeminiClientsWrappedRequestIsCountedByAnAnthropicEndpointAndAnsweredInGeminisForm() {
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes("anthropic-extra/response_count_tokens.json")));
        byte[] wrapped = """
                {"generateContentRequest":{"model":"models/other","systemInstruction":{"parts":[{"text":"Be brief."}]},
                 "contents":[{"role":"user","parts":[{"text":"Hi"}]}],
                 "generationConfig":{"temperature":0.3,"maxOutputTokens":20}}}""".getBytes(StandardCharsets.UTF_8);
        EndpointPool pool = new EndpointPool(List.of(endpoint("claude", Protocol.ANTHROPIC, 0.001)), 3,
                new ManualTicker());

        RoutedResponse r = router.route("t", pool, wrapped, Protocol.GEMINI,
                InboundContext.gemini("claude-x", false, true), CallPolicy.DEFAULTS, Operation.COUNT_TOKENS)
                .await().atMost(Duration.ofSeconds(5));

        assertEquals(200, r.status());
        assertEquals("{\"totalTokens\":16}", new String(Answers.body(r), StandardCharsets.UTF_8));
        JsonNode sent = json(transport.requests.get(0).body());
        assertEquals("Be brief.", sent.path("system").asText());
        assertEquals("user", sent.path("messages").path(0).path("role").asText());
        assertTrue(sent.path("messages").path(0).path("content").toString().contains("Hi"), sent.toString());
        assertTrue(sent.path("max_tokens").isMissingNode() && sent.path("temperature").isMissingNode(),
                "count_tokens takes no output settings: " + sent);
    }

    @Test
    void aGeminiCountBodyIsContentsOrOneWrappedRequest() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("gpt", Protocol.OPENAI, 0.001)), 3, new ManualTicker());
        byte[] both = "{\"contents\":[],\"generateContentRequest\":{\"contents\":[]}}".getBytes(StandardCharsets.UTF_8);

        RoutedResponse r = router.route("t", pool, both, Protocol.GEMINI, InboundContext.gemini("m", false, true),
                CallPolicy.DEFAULTS, Operation.COUNT_TOKENS).await().atMost(Duration.ofSeconds(5));

        assertEquals(400, r.status());
        assertTrue(new String(Answers.body(r), StandardCharsets.UTF_8).contains("generateContentRequest"));
    }

    @Test
    void onlyAProtocolWithACountDoorCanAskForACount() {
        EndpointPool pool = new EndpointPool(List.of(endpoint("gpt", Protocol.OPENAI, 0.001)), 3, new ManualTicker());
        assertThrows(IllegalArgumentException.class, () -> router.route("t", pool, COUNT, Protocol.OPENAI,
                InboundContext.BODY_ONLY, CallPolicy.DEFAULTS, Operation.COUNT_TOKENS));
    }
}
