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
import io.llmrouter.core.json.Json;
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
        // Its text goes back as reasoning_content of the tool-call turn (DeepSeek's thinking mode requires it).
        assertFalse(Json.tryParse(sent).at("/messages/1/reasoning_content").asText().isEmpty(), sent);
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
    void citationsAndServerToolResultsOfAnAnswerAreNamed() {
        transport.on("https://cohere.example", Answer.ok(Fixtures.bytes("cohere/v1/response_with_citations.json")));
        RoutedResponse cohere = call(CallPolicy.DEFAULTS, REQUEST, endpoint("cohere", Protocol.COHERE, 0.001));
        assertTrue(cohere.headers().get(RoutedResponse.DROPPED_HEADER).contains("answer:citations"),
                cohere.headers().toString());

        transport.on("https://claude.example", Answer.ok("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_reason":"end_turn",
                 "content":[{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
                  {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
                  {"type":"text","text":"Paris.","citations":[{"type":"web_search_result_location","url":"u"}]}],
                 "usage":{"input_tokens":5,"output_tokens":2}}""".getBytes(StandardCharsets.UTF_8)));
        RoutedResponse anthropic = call(new CallPolicy(true), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                .getBytes(StandardCharsets.UTF_8), endpoint("claude", Protocol.ANTHROPIC, 0.001));
        assertEquals(200, anthropic.status(), "what an answer loses is never refused, even in strict mode");
        assertEquals("answer:citations,answer:server_tool_use,answer:web_search_tool_result",
                anthropic.headers().get(RoutedResponse.DROPPED_HEADER));
        assertEquals(Set.of("answer:citations", "answer:server_tool_use", "answer:web_search_tool_result"),
                listener.calls.get(1).dropped());
    }

    @Test
    void aStreamCountsWhatItsAnswerLeftOutThoughItsHeadWentFirst() {
        String sse = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[],"usage":{"input_tokens":5,"output_tokens":0}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hm."}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Paris."}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"x"}}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}

                event: message_stop
                data: {"type":"message_stop"}

                """;
        // One read per event, as a paced upstream sends them: the head goes out after the first.
        transport.on("https://claude.example", Answer.stream(Arrays.stream(sse.split("(?<=\n\n)"))
                .map(e -> e.getBytes(StandardCharsets.UTF_8)).toList()));
        byte[] streamed = new String(REQUEST, StandardCharsets.UTF_8).replace("\"max_tokens\":50",
                "\"max_tokens\":50,\"stream\":true").getBytes(StandardCharsets.UTF_8);

        RoutedResponse r = call(CallPolicy.DEFAULTS, streamed, endpoint("claude", Protocol.ANTHROPIC, 0.001));
        String body = new String(io.llmrouter.core.wire.Bytes.concat(((RoutedResponse.Streamed) r).frames()
                .collect().asList().await().atMost(Duration.ofSeconds(5))), StandardCharsets.UTF_8);

        assertTrue(body.contains("Paris.") && body.contains("\"reasoning_content\":\"Hm.\""), body);
        assertEquals("logit_bias,seed", r.headers().get(RoutedResponse.DROPPED_HEADER),
                "the head went out before the answer's drops were known");
        assertEquals(Set.of("answer:citations", "answer:reasoning.signature", "logit_bias", "seed"),
                listener.calls.get(0).dropped());
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
