package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a converted call leaves out reaches the client's headers and the call record; strict mode refuses it. */
class ConversionDropsTest {

    /** An OpenAI request with fields no other protocol has. */
    private static final byte[] REQUEST = """
            {"model":"gpt-4o","max_tokens":50,"logit_bias":{"50256":-100},"seed":7,
             "messages":[{"role":"user","content":"Hi"}]}""".getBytes(StandardCharsets.UTF_8);

    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingListener listener = new RecordingListener();
    private final LlmRouter router = new LlmRouter(Codecs.defaults(), transport, new TokenEstimator(),
            new FailureClassifier(), listener);

    private static Endpoint endpoint(String name, Protocol protocol, double price) {
        return new Endpoint(name, new Key(protocol, "https://" + name + ".example", "k-" + name), null, Set.of(),
                price, price, new CircuitBreakerConfig(3, Duration.ofSeconds(60)));
    }

    private RoutedResponse call(CallPolicy policy, byte[] body, Endpoint... endpoints) {
        EndpointPool pool = new EndpointPool(Arrays.asList(endpoints), 3, new ManualTicker());
        return router.route("t", pool, body, Protocol.OPENAI, InboundContext.BODY_ONLY, policy)
                .await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aConvertedAnswerNamesWhatItLeftOut() {
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes("anthropic/response_text.json")));

        RoutedResponse r = call(CallPolicy.DEFAULTS, REQUEST, endpoint("claude", Protocol.ANTHROPIC, 0.001));

        assertEquals(200, r.status());
        assertEquals("logit_bias,seed", r.headers().get(RoutedResponse.DROPPED_HEADER));
        assertEquals(Set.of("logit_bias", "seed"), listener.calls.get(0).dropped());
    }

    @Test
    void aStreamNamesWhatItLeftOutInItsHead() {
        transport.on("https://claude.example", Answer.stream(List.of(
                Fixtures.bytes("anthropic/stream_text.sse"))));
        byte[] streamed = new String(REQUEST, StandardCharsets.UTF_8).replace("\"max_tokens\":50",
                "\"max_tokens\":50,\"stream\":true").getBytes(StandardCharsets.UTF_8);

        RoutedResponse r = call(CallPolicy.DEFAULTS, streamed, endpoint("claude", Protocol.ANTHROPIC, 0.001));
        ((RoutedResponse.Streamed) r).frames().collect().asList().await().atMost(Duration.ofSeconds(5));

        assertEquals("logit_bias,seed", r.headers().get(RoutedResponse.DROPPED_HEADER));
        assertEquals(Set.of("logit_bias", "seed"), listener.calls.get(0).dropped());
    }

    @Test
    void anAnthropicToolLoopWithThinkingReachesAnotherProviderWithoutItsSignedThinking() {
        transport.on("https://gpt.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));
        EndpointPool pool = new EndpointPool(List.of(endpoint("gpt", Protocol.OPENAI, 0.001)), 3, new ManualTicker());

        RoutedResponse r = router.route("t", pool,
                Fixtures.bytes("anthropic-extra/request_thinking_replay_tool_result.json"), Protocol.ANTHROPIC,
                InboundContext.BODY_ONLY, CallPolicy.DEFAULTS).await().atMost(Duration.ofSeconds(5));

        assertEquals(200, r.status());
        assertEquals("messages[].content[]=thinking", r.headers().get(RoutedResponse.DROPPED_HEADER));
        String sent = new String(transport.requests.get(0).body(), StandardCharsets.UTF_8);
        assertTrue(sent.contains("\"reasoning_effort\":\"medium\""), sent);
        assertFalse(sent.contains("EqEECkYICxgCKkAo3UA4"), "Anthropic's signature never leaves for OpenAI");
    }

    @Test
    void whatOfTheAnswersReasoningAClientCannotReceiveIsNamedToo() {
        transport.on("https://gem.example", Answer.ok(Fixtures.bytes(
                "gemini-extra/response_thinking_thought_parts.json")));
        Endpoint gemini = new Endpoint("gem", new Key(Protocol.GEMINI, "https://gem.example", "k"), "gemini-3-pro",
                Set.of(), 0.001, 0.001, new CircuitBreakerConfig(3, Duration.ofSeconds(60)));

        RoutedResponse openai = call(CallPolicy.DEFAULTS, REQUEST, gemini);
        assertEquals("answer:reasoning.signature,logit_bias", openai.headers().get(RoutedResponse.DROPPED_HEADER),
                "Gemini's signature means nothing to an OpenAI client; its thoughts reach it as reasoning_content");

        EndpointPool pool = new EndpointPool(List.of(gemini), 3, new ManualTicker());
        RoutedResponse cohere = router.route("t", pool, "{\"message\":\"Hi\"}".getBytes(StandardCharsets.UTF_8),
                Protocol.COHERE, InboundContext.BODY_ONLY, new CallPolicy(true)).await().atMost(Duration.ofSeconds(5));
        assertEquals(200, cohere.status(), "what an answer loses is never refused: the upstream has answered");
        assertEquals("answer:reasoning,answer:reasoning.signature",
                cohere.headers().get(RoutedResponse.DROPPED_HEADER));
    }

    @Test
    void theClientsOwnProtocolLeavesNothingOut() {
        transport.on("https://gpt.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));

        RoutedResponse r = call(CallPolicy.DEFAULTS, REQUEST, endpoint("gpt", Protocol.OPENAI, 0.001));

        assertNull(r.headers().get(RoutedResponse.DROPPED_HEADER));
        assertEquals(Set.of(), listener.calls.get(0).dropped());
        assertTrue(new String(transport.requests.get(0).body(), StandardCharsets.UTF_8).contains("logit_bias"));
    }

    @Test
    void strictModeSkipsAnEndpointThatWouldDropAndServesFromOneThatKeepsEverything() {
        transport.on("https://gpt.example", Answer.ok(Fixtures.bytes("openai/response_text.json")));

        RoutedResponse r = call(new CallPolicy(true), REQUEST, endpoint("claude", Protocol.ANTHROPIC, 0.001),
                endpoint("gpt", Protocol.OPENAI, 0.002));

        assertEquals(200, r.status());
        assertEquals("gpt", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(0, transport.calls("https://claude.example"), "the cheaper converting endpoint is never called");
        assertEquals(List.of("claude:unsupported_request"), listener.failovers);
    }

    @Test
    void strictModeRefusesWhenEveryEndpointWouldDropNamingTheField() {
        RoutedResponse r = call(new CallPolicy(true), REQUEST, endpoint("claude", Protocol.ANTHROPIC, 0.001));

        assertEquals(400, r.status());
        String body = new String(((RoutedResponse.Complete) r).body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("would drop 'logit_bias'"), body);
        assertTrue(body.contains("router.conversion.strict"), body);
        assertTrue(transport.requests.isEmpty());
        assertFalse(listener.calls.isEmpty());
        assertEquals("invalid_request", listener.calls.get(0).outcome());
    }

    @Test
    void strictModeAcceptsAConversionThatLeavesNothingOut() {
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes("anthropic/response_text.json")));
        byte[] plain = "{\"model\":\"gpt-4o\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);

        RoutedResponse r = call(new CallPolicy(true), plain, endpoint("claude", Protocol.ANTHROPIC, 0.001));

        assertEquals(200, r.status());
        assertNull(r.headers().get(RoutedResponse.DROPPED_HEADER));
    }
}
