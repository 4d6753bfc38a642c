package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
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
 * Responses calls through the router: what only OpenAI runs goes only to a Responses endpoint, what a conversion
 * leaves out is named in the client's terms, and a same-protocol call forwards the body and the OpenAI headers.
 */
class ResponsesRoutingTest {

    private static final byte[] WEB_SEARCH = """
            {"model":"m","input":"News today?","tools":[{"type":"web_search"},
             {"type":"function","name":"f","parameters":{"type":"object"}}]}""".getBytes(StandardCharsets.UTF_8);

    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingListener listener = new RecordingListener();
    private final LlmRouter router = new LlmRouter(Codecs.defaults(), transport, new TokenEstimator(),
            new FailureClassifier(), listener);

    private static Endpoint endpoint(String name, Protocol protocol, double price) {
        return new Endpoint(name, new Key(protocol, "https://" + name + ".example", "k-" + name), null, Set.of(),
                price, price, new CircuitBreakerConfig(3, Duration.ofSeconds(60)));
    }

    private RoutedResponse call(byte[] body, InboundContext ctx, CallPolicy policy, Endpoint... endpoints) {
        EndpointPool pool = new EndpointPool(Arrays.asList(endpoints), 3, new ManualTicker());
        return router.route("t", pool, body, Protocol.OPENAI_RESPONSES, ctx, policy)
                .await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aBuiltInToolSkipsConvertingEndpointsForAResponsesOne() {
        transport.on("https://gpt.example", Answer.ok(Fixtures.bytes("openai-responses/response_text.json")));

        RoutedResponse r = call(WEB_SEARCH, InboundContext.BODY_ONLY, CallPolicy.DEFAULTS,
                endpoint("claude", Protocol.ANTHROPIC, 0.001), endpoint("gpt", Protocol.OPENAI_RESPONSES, 0.002));

        assertEquals(200, r.status());
        assertEquals("gpt", r.headers().get(RoutedResponse.ENDPOINT_HEADER));
        assertEquals(0, transport.calls("https://claude.example"), "the cheaper endpoint cannot run web search");
        assertEquals(List.of("claude:unsupported_request"), listener.failovers);
        JsonNode sent = Json.tryParse(new String(transport.requests.get(0).body(), StandardCharsets.UTF_8));
        assertEquals("web_search", sent.path("tools").path(0).path("type").asText(), "passed through");
    }

    @Test
    void aBuiltInToolWithoutAResponsesEndpointIsA400NamingIt() {
        RoutedResponse r = call(WEB_SEARCH, InboundContext.BODY_ONLY, CallPolicy.DEFAULTS,
                endpoint("claude", Protocol.ANTHROPIC, 0.001), endpoint("chat", Protocol.OPENAI, 0.002));

        assertEquals(400, r.status());
        JsonNode error = Json.tryParse(new String(Answers.body(r), StandardCharsets.UTF_8)).path("error");
        assertTrue(error.path("message").asText().contains("'web_search'"), error.toString());
        assertEquals("tools[0]", error.path("param").asText());
        assertTrue(transport.requests.isEmpty());
    }

    @Test
    void aConvertedResponsesCallNamesWhatItLeftOutInItsOwnTerms() {
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes("anthropic/response_text.json")));
        byte[] body = """
                {"model":"m","input":"Hi","include":["message.output_text.logprobs"],"truncation":"auto",
                 "text":{"verbosity":"low"},"tools":[{"type":"function","name":"f","strict":true,
                 "parameters":{"type":"object"}}],"store":true}""".getBytes(StandardCharsets.UTF_8);

        RoutedResponse r = call(body, InboundContext.BODY_ONLY, CallPolicy.DEFAULTS,
                endpoint("claude", Protocol.ANTHROPIC, 0.001));

        assertEquals(200, r.status());
        assertEquals(Set.of("include=message.output_text.logprobs", "text.verbosity", "tools[].strict", "truncation"),
                listener.calls.get(0).dropped());
        JsonNode answer = Json.tryParse(new String(Answers.body(r), StandardCharsets.UTF_8));
        assertEquals("response", answer.path("object").asText(), "answered in Responses' format");
    }

    @Test
    void anotherProvidersSignatureIsNamedAsDroppedFromTheAnswer() {
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes(
                "anthropic-extra/response_thinking_text_tool_use.json")));
        byte[] body = "{\"model\":\"m\",\"input\":\"Weather?\"}".getBytes(StandardCharsets.UTF_8);

        RoutedResponse r = call(body, InboundContext.BODY_ONLY, CallPolicy.DEFAULTS,
                endpoint("claude", Protocol.ANTHROPIC, 0.001));

        assertEquals(200, r.status());
        assertTrue(listener.calls.get(0).dropped().contains("answer:reasoning.signature"), listener.calls.toString());
        JsonNode output = Json.tryParse(new String(Answers.body(r), StandardCharsets.UTF_8)).path("output");
        assertEquals("reasoning", output.path(0).path("type").asText(), "the thinking text reaches the client");
        assertFalse(output.path(0).has("encrypted_content"), "Anthropic's signature does not");
    }

    @Test
    void strictModeRefusesWhatAConversionWouldDrop() {
        byte[] body = "{\"model\":\"m\",\"input\":\"Hi\",\"truncation\":\"auto\"}".getBytes(StandardCharsets.UTF_8);

        RoutedResponse r = call(body, InboundContext.BODY_ONLY, new CallPolicy(true),
                endpoint("claude", Protocol.ANTHROPIC, 0.001));

        assertEquals(400, r.status());
        assertTrue(new String(Answers.body(r), StandardCharsets.UTF_8).contains("would drop 'truncation'"));
    }

    @Test
    void aSameProtocolCallForwardsTheBodyAndOpenAisHeaders() {
        transport.on("https://gpt.example", Answer.ok(Fixtures.bytes("openai-responses/response_text.json")));
        Map<String, String> caller = Map.of("openai-beta", "responses=v1", "authorization", "Bearer caller-key",
                "openai-organization", "org-caller");
        InboundContext ctx = InboundContext.BODY_ONLY.withHeaders(name -> caller.get(name.toLowerCase()));

        RoutedResponse r = call(WEB_SEARCH, ctx, CallPolicy.DEFAULTS, endpoint("gpt", Protocol.OPENAI_RESPONSES, 1));

        assertEquals(200, r.status());
        assertEquals(Fixtures.text("openai-responses/response_text.json"),
                new String(Answers.body(r), StandardCharsets.UTF_8), "the upstream's answer as it came");
        Map<String, String> sent = transport.requests.get(0).headers();
        assertEquals("responses=v1", sent.get("openai-beta"));
        assertEquals("Bearer k-gpt", sent.get("Authorization"), "the key's credentials, never the caller's");
        assertFalse(sent.containsKey("openai-organization"), "account headers only when the key lists them");
        assertTrue(listener.calls.get(0).dropped().isEmpty());
    }
}
