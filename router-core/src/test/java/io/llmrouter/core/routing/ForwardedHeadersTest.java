package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.HeaderLookup;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which of a caller's request headers reach the upstream: the allow-list per protocol family, and the key's say. */
class ForwardedHeadersTest {

    private static final byte[] ANTHROPIC_REQUEST = """
            {"model":"m","max_tokens":20,"messages":[{"role":"user","content":"Hi"}]}"""
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] OPENAI_REQUEST = """
            {"model":"m","messages":[{"role":"user","content":"Hi"}]}""".getBytes(StandardCharsets.UTF_8);

    /** What an Anthropic SDK sends beside the body, credentials and tracing included. */
    private static final Map<String, String> ANTHROPIC_SDK = Map.of(
            "x-api-key", "router-inbound-key", "authorization", "Bearer router-inbound-key",
            "anthropic-version", "2026-10-21",
            "anthropic-beta", "interleaved-thinking-2025-05-14,context-1m-2025-08-07",
            "anthropic-workspace-id", "wrkspc_1", "x-stainless-lang", "java", "cookie", "session=1",
            "traceparent", "00-abc-def-01", "x-router-debug", "1", "connection", "keep-alive");

    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingListener listener = new RecordingListener();
    private final LlmRouter router = new LlmRouter(Codecs.defaults(), transport, new TokenEstimator(),
            new FailureClassifier(), listener);

    private static Endpoint endpoint(Key key) {
        return new Endpoint("ep", key, "upstream-model", Set.of(), 0.001, 0.001,
                new CircuitBreakerConfig(3, Duration.ofSeconds(60)));
    }

    private static Key key(Protocol protocol, Map<String, String> headers, Set<String> forward) {
        return new Key(protocol, "https://ep.example", "upstream-secret", null, headers, forward);
    }

    private static HeaderLookup lookup(Map<String, String> headers) {
        Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(headers);
        return ci::get;
    }

    /** The headers the upstream got for one call, names lower-cased. */
    private Map<String, String> sent(Key key, Protocol client, byte[] body, Map<String, String> callerHeaders,
                                     RoutedResponse[] answer) {
        transport.on("https://ep.example", r -> Answer.ok(Fixtures.bytes(switch (key.protocol()) {
            case ANTHROPIC -> "anthropic/response_text.json";
            case GEMINI -> "gemini/response_text.json";
            default -> "openai/response_text.json";
        })));
        EndpointPool pool = new EndpointPool(List.of(endpoint(key)), 3, new ManualTicker());
        RoutedResponse r = router.route("t", pool, body, client,
                InboundContext.BODY_ONLY.withHeaders(lookup(callerHeaders))).await().atMost(Duration.ofSeconds(5));
        if (answer != null) {
            answer[0] = r;
        }
        assertEquals(200, r.status(),
                () -> new String(((RoutedResponse.Complete) r).body(), StandardCharsets.UTF_8));
        UpstreamRequest request = transport.requests.get(transport.requests.size() - 1);
        Map<String, String> headers = new TreeMap<>();
        request.headers().forEach((n, v) -> headers.put(n.toLowerCase(Locale.ROOT), v));
        return headers;
    }

    private Map<String, String> sent(Key key, Protocol client, byte[] body, Map<String, String> callerHeaders) {
        return sent(key, client, body, callerHeaders, null);
    }

    @Test
    void anAnthropicClientsBetasAndVersionReachAnthropicAndNothingElseOfItsOwnDoes() {
        Map<String, String> h = sent(key(Protocol.ANTHROPIC, Map.of(), Set.of()), Protocol.ANTHROPIC,
                ANTHROPIC_REQUEST, ANTHROPIC_SDK);

        assertEquals("interleaved-thinking-2025-05-14,context-1m-2025-08-07", h.get("anthropic-beta"));
        assertEquals("2026-10-21", h.get("anthropic-version"));
        assertEquals("upstream-secret", h.get("x-api-key"), "the key's credential, never the caller's");
        assertEquals(Set.of("x-api-key", "anthropic-version", "anthropic-beta", "content-type", "accept"),
                h.keySet(), "no credential, cookie, hop-by-hop, tracing, SDK or router header of the caller");
    }

    @Test
    void accountHeadersTravelOnlyWhenTheKeySaysSoAndConfiguredHeadersWin() {
        Map<String, String> h = sent(key(Protocol.ANTHROPIC, Map.of("anthropic-beta", "files-api-2025-04-14",
                "x-team", "blue"), Set.of("anthropic-workspace-id")), Protocol.ANTHROPIC, ANTHROPIC_REQUEST,
                ANTHROPIC_SDK);

        assertEquals("wrkspc_1", h.get("anthropic-workspace-id"));
        assertEquals("blue", h.get("x-team"));
        assertEquals("interleaved-thinking-2025-05-14,context-1m-2025-08-07,files-api-2025-04-14",
                h.get("anthropic-beta"), "the caller's betas, then the key's, each once");
    }

    @Test
    void aConvertedCallNamesTheBetasItCannotKeepAndSendsTheVersionItWrites() {
        RoutedResponse[] answer = new RoutedResponse[1];
        Map<String, String> openai = sent(key(Protocol.OPENAI, Map.of(), Set.of()), Protocol.ANTHROPIC,
                ANTHROPIC_REQUEST, ANTHROPIC_SDK, answer);
        assertFalse(openai.containsKey("anthropic-beta"));
        assertFalse(openai.containsKey("anthropic-workspace-id"));
        assertEquals("anthropic-beta=context-1m-2025-08-07", answer[0].headers().get(RoutedResponse.DROPPED_HEADER),
                "interleaved thinking is how other providers reason anyway; a 1M context is not theirs to give");

        Map<String, String> anthropic = sent(key(Protocol.ANTHROPIC, Map.of(), Set.of()), Protocol.OPENAI,
                OPENAI_REQUEST, Map.of("anthropic-beta", "context-1m-2025-08-07", "anthropic-version", "2099-01-01"));
        assertEquals("2023-06-01", anthropic.get("anthropic-version"));
        assertNull(anthropic.get("anthropic-beta"), "only an Anthropic client's headers are Anthropic's");
    }

    @Test
    void openAiHeadersFollowTheSameRules() {
        Map<String, String> caller = Map.of("OpenAI-Beta", "assistants=v2", "OpenAI-Organization", "org-caller",
                "OpenAI-Project", "proj-caller", "Authorization", "Bearer inbound");
        Map<String, String> plain = sent(key(Protocol.OPENAI, Map.of(), Set.of()), Protocol.OPENAI, OPENAI_REQUEST,
                caller);
        assertEquals("assistants=v2", plain.get("openai-beta"));
        assertFalse(plain.containsKey("openai-organization"));
        assertEquals("Bearer upstream-secret", plain.get("authorization"));

        Map<String, String> scoped = sent(key(Protocol.OPENAI, Map.of("openai-project", "proj-key"),
                Set.of("openai-organization", "openai-project")), Protocol.OPENAI, OPENAI_REQUEST, caller);
        assertEquals("org-caller", scoped.get("openai-organization"));
        assertEquals("proj-key", scoped.get("openai-project"), "the key's configured value wins");

        Map<String, String> azure = sent(key(Protocol.AZURE_OPENAI, Map.of("x-ms-client", "router"), Set.of()),
                Protocol.OPENAI, OPENAI_REQUEST, caller);
        assertFalse(azure.containsKey("openai-beta"), "Azure takes none of OpenAI's own headers from callers");
        assertEquals("router", azure.get("x-ms-client"));
    }

    @Test
    void aResponsesClientsOpenAiHeadersReachAChatCompletionsUpstreamToo() {
        byte[] responses = "{\"model\":\"m\",\"input\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> caller = Map.of("OpenAI-Beta", "responses=v1", "OpenAI-Organization", "org-caller",
                "Authorization", "Bearer inbound");
        Map<String, String> h = sent(key(Protocol.OPENAI, Map.of(), Set.of("openai-organization")),
                Protocol.OPENAI_RESPONSES, responses, caller);
        assertEquals("responses=v1", h.get("openai-beta"), "one provider, one family of headers");
        assertEquals("org-caller", h.get("openai-organization"));
        assertEquals("Bearer upstream-secret", h.get("authorization"));
    }

    @Test
    void oversizedOrUnprintableValuesNeverTravel() {
        Map<String, String> h = sent(key(Protocol.ANTHROPIC, Map.of(), Set.of()), Protocol.ANTHROPIC,
                ANTHROPIC_REQUEST, Map.of("anthropic-beta", "x".repeat(Key.MAX_HEADER_VALUE + 1),
                        "anthropic-version", "2023-06-01\u0007"));
        assertNull(h.get("anthropic-beta"));
        assertEquals("2023-06-01", h.get("anthropic-version"));

        RoutedResponse[] answer = new RoutedResponse[1];
        Map<String, String> odd = sent(key(Protocol.ANTHROPIC, Map.of(), Set.of()), Protocol.ANTHROPIC,
                ANTHROPIC_REQUEST, Map.of("anthropic-beta", "good-beta-1, Bad Beta ,", "anthropic-version", "latest"),
                answer);
        assertEquals("good-beta-1", odd.get("anthropic-beta"));
        assertEquals("2023-06-01", odd.get("anthropic-version"), "a version that is no date is not forwarded");
        assertEquals("anthropic-beta", answer[0].headers().get(RoutedResponse.DROPPED_HEADER));
    }

    @Test
    void aKeyCannotConfigureWhatTheRouterNeverSends() {
        for (String name : List.of("authorization", "x-api-key", "cookie", "x-router-endpoint", "x-forwarded-for",
                "transfer-encoding")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> key(Protocol.OPENAI, Map.of(name, "v"), Set.of()).validate(), name);
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertThrows(ConfigurationException.class,
                    () -> key(Protocol.OPENAI, Map.of(), Set.of(name)).validate(), name);
        }
        assertThrows(ConfigurationException.class,
                () -> key(Protocol.OPENAI, Map.of("x-team", "a\r\nb"), Set.of()).validate());
        key(Protocol.OPENAI, Map.of("OpenAI-Organization", "org-1"), Set.of("OpenAI-Project")).validate();
        assertEquals(Map.of("openai-organization", "org-1"),
                key(Protocol.OPENAI, Map.of("OpenAI-Organization", "org-1"), Set.of()).headers());
        assertFalse(key(Protocol.OPENAI, Map.of("x-team", "secret-team"), Set.of()).toString()
                .contains("secret-team"));
    }
}
