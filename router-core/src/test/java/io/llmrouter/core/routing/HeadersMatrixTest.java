package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.HeaderLookup;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The protocol matrix's headers scenario (docs/protocols.md, "Headers that reach the upstream"): for every client ×
 * upstream pair, streamed and not, a caller sends every protocol's behaviour headers and every header that must never
 * travel; the upstream must get exactly the router's own headers (the key's credentials, Anthropic's version) plus
 * what the allow-list lets through for that pair: same family only, account headers only when the key's
 * {@code forward-headers} names them, never one the caller's {@code Connection} header names, the key's configured
 * headers over the caller's. A call converted from Anthropic
 * names the beta it cannot keep in {@code x-router-dropped} and in the call's record (the metric), keeps the betas
 * whose effect other providers have, and is refused in strict mode. The expectations are written out here, apart from
 * the product's own tables, so that a change of either shows.
 */
class HeadersMatrixTest {

    private static final Codecs CODECS = Codecs.defaults();
    private static final String BASE = "https://ep.example";
    private static final String SECRET = "upstream-secret";
    private static final String AZURE_VERSION = "2025-04-01-preview";
    private static final String MAPPED_BETAS = "interleaved-thinking-2025-05-14,structured-outputs-2025-11-13";
    private static final String UNMAPPED_BETA = "context-1m-2025-08-07";
    private static final String DROPPED_BETA = "anthropic-beta=" + UNMAPPED_BETA;
    private static final String CALLER_VERSION = "2026-10-21";
    /** The Anthropic version a converted call names: the one whose shapes the router writes. */
    private static final String ROUTER_VERSION = "2023-06-01";

    /** What callers of every protocol may send that changes what a provider does. */
    private static final Map<String, String> BEHAVIOUR = Map.of(
            "anthropic-beta", MAPPED_BETAS + "," + UNMAPPED_BETA,
            "anthropic-version", CALLER_VERSION,
            "anthropic-workspace-id", "wrkspc_caller",
            "OpenAI-Beta", "assistants=v2",
            "OpenAI-Organization", "org-caller",
            "OpenAI-Project", "proj-caller",
            "x-goog-user-project", "caller-project",
            "X-Client-Name", "caller-app");

    /** What a caller may send that no upstream ever gets: credentials, cookies, hop-by-hop, proxies, the router's. */
    private static final Map<String, String> NEVER = new TreeMap<>(Map.ofEntries(
            Map.entry("Authorization", "Bearer caller-secret"),
            Map.entry("x-api-key", "caller-secret"),
            Map.entry("api-key", "caller-secret"),
            Map.entry("x-goog-api-key", "caller-secret"),
            Map.entry("Proxy-Authorization", "Basic Y2FsbGVy"),
            Map.entry("Cookie", "session=caller"),
            Map.entry("Connection", "keep-alive"),
            Map.entry("Keep-Alive", "timeout=5"),
            Map.entry("TE", "trailers"),
            Map.entry("Trailer", "x-trailer"),
            Map.entry("Transfer-Encoding", "chunked"),
            Map.entry("Upgrade", "h2c"),
            Map.entry("Host", "router.example"),
            Map.entry("Forwarded", "for=203.0.113.7"),
            Map.entry("X-Forwarded-For", "203.0.113.7"),
            Map.entry("X-Forwarded-Host", "router.example"),
            Map.entry("X-Real-IP", "203.0.113.7"),
            Map.entry("x-router-endpoint", "ep-forged"),
            Map.entry("x-router-debug", "1"),
            Map.entry("X-Stainless-Lang", "java"),
            Map.entry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            Map.entry("baggage", "user=caller")));

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final AtomicInteger CALLS = new AtomicInteger();

    @TestFactory
    Stream<DynamicNode> whatReachesTheUpstream() {
        return PairMatrix.of("Headers", (client, upstream, stream) -> new Pair(client, upstream, stream).run());
    }

    @AfterAll
    static void summary() {
        System.out.printf("Headers outcome: %d runs, %d routed calls%n", RUNS.get(), CALLS.get());
    }

    /** The account-scoped headers an upstream of {@code upstream} may take from its callers when the key says so. */
    private static Set<String> accountHeaders(Protocol upstream) {
        return switch (upstream) {
            case ANTHROPIC -> Set.of("anthropic-workspace-id");
            case OPENAI, OPENAI_RESPONSES -> Set.of("openai-organization", "openai-project");
            case GEMINI -> Set.of("x-goog-user-project");
            case AZURE_OPENAI, COHERE, COHERE_V2 -> Set.of();
        };
    }

    /** The protocols whose callers' headers an upstream of {@code upstream} takes. */
    private static Set<Protocol> family(Protocol upstream) {
        return switch (upstream) {
            case OPENAI, OPENAI_RESPONSES -> Set.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES);
            case ANTHROPIC -> Set.of(Protocol.ANTHROPIC);
            case GEMINI -> Set.of(Protocol.GEMINI);
            case COHERE, COHERE_V2 -> Set.of(Protocol.COHERE, Protocol.COHERE_V2);
            case AZURE_OPENAI -> Set.of();
        };
    }

    /**
     * One pair in one mode: a key without and with {@code forward-headers}, a caller whose {@code Connection} names
     * the behaviour headers, then strict mode.
     */
    private static final class Pair {

        private final Protocol client;
        private final Protocol upstream;
        private final boolean stream;
        private final ScriptedTransport transport = new ScriptedTransport();
        private final RecordingListener listener = new RecordingListener();
        private final LlmRouter router = new LlmRouter(CODECS, transport, new TokenEstimator(),
                new FailureClassifier(), listener);

        Pair(Protocol client, Protocol upstream, boolean stream) {
            this.client = client;
            this.upstream = upstream;
            this.stream = stream;
        }

        void run() {
            transport.on(BASE, this::answer);
            boolean losesBeta = client == Protocol.ANTHROPIC && upstream != Protocol.ANTHROPIC;
            Map<String, String> all = new LinkedHashMap<>(BEHAVIOUR);
            all.putAll(NEVER);

            Key plain = key(Set.of(), Map.of());
            Call call = call(plain, all, CallPolicy.DEFAULTS);
            assertEquals(expected(false, true), call.sent(),
                    "what reached the upstream from a key without forward-headers");
            dropsNamed(call, losesBeta ? Set.of(DROPPED_BETA) : Set.of());

            Key forwarding = key(accountHeaders(upstream), configured());
            KeyHeaders.check(forwarding);
            Call scoped = call(forwarding, all, CallPolicy.DEFAULTS);
            assertEquals(expected(true, true), scoped.sent(),
                    "what reached the upstream from a key with forward-headers");
            dropsNamed(scoped, losesBeta ? Set.of(DROPPED_BETA) : Set.of());

            // A header the caller's Connection header names is the caller's connection's own, whatever its name.
            Map<String, String> hopByHop = new LinkedHashMap<>(all);
            hopByHop.put("Connection", "keep-alive, " + String.join(", ", BEHAVIOUR.keySet()));
            Call local = call(forwarding, hopByHop, CallPolicy.DEFAULTS);
            assertEquals(expected(true, false), local.sent(), "headers the caller's Connection header names");
            dropsNamed(local, Set.of());

            // Strict mode: a beta the upstream cannot keep refuses the call; the betas other providers have by
            // themselves, and every header that is not a beta, never do.
            int sentBefore = transport.requests.size();
            RoutedResponse refused = route(plain, all, new CallPolicy(true));
            if (losesBeta) {
                assertEquals(400, refused.status(), "strict mode refuses a call that would drop a beta");
                String body = new String(Answers.body(refused), StandardCharsets.UTF_8);
                assertTrue(body.contains(DROPPED_BETA), body);
                assertEquals(sentBefore, transport.requests.size(), "a refused call reaches no upstream");
            } else {
                Call kept = finish(refused);
                assertEquals(expected(false, true), kept.sent(), "strict mode changes no header that travels");
                dropsNamed(kept, Set.of());
            }
            Map<String, String> mappedOnly = new LinkedHashMap<>(all);
            mappedOnly.put("anthropic-beta", MAPPED_BETAS);
            Call mapped = call(plain, mappedOnly, new CallPolicy(true));
            dropsNamed(mapped, Set.of());
            if (client == Protocol.ANTHROPIC && upstream == Protocol.ANTHROPIC) {
                assertEquals(MAPPED_BETAS, mapped.sent().get("anthropic-beta"));
            }
            RUNS.incrementAndGet();
        }

        /**
         * The headers a key configures: sent on every call over the caller's value of the same name, but for
         * {@code anthropic-beta}, which joins the caller's betas.
         */
        private Map<String, String> configured() {
            return switch (upstream) {
                case ANTHROPIC -> Map.of("x-team", "blue", "anthropic-version", "2023-01-01",
                        "anthropic-beta", "files-api-2025-04-14");
                case OPENAI, OPENAI_RESPONSES -> Map.of("x-team", "blue", "openai-beta", "assistants=v1",
                        "openai-project", "proj-key");
                case GEMINI -> Map.of("x-team", "blue", "x-goog-user-project", "key-project");
                case COHERE, COHERE_V2 -> Map.of("x-team", "blue", "x-client-name", "router");
                case AZURE_OPENAI -> Map.of("x-team", "blue");
            };
        }

        private Key key(Set<String> forward, Map<String, String> configured) {
            return new Key(upstream, BASE, SECRET, upstream == Protocol.AZURE_OPENAI ? AZURE_VERSION : null,
                    configured, forward);
        }

        /**
         * The headers the upstream must get, names lower-cased: the router's own for the upstream, then what the
         * allow-list lets through from a client of its family (when {@code callerHeadersTravel}), then the key's
         * configured ones (when {@code forwarding}).
         */
        private Map<String, String> expected(boolean forwarding, boolean callerHeadersTravel) {
            Map<String, String> h = new TreeMap<>();
            String accept = stream ? "text/event-stream" : "application/json";
            switch (upstream) {
                case OPENAI, OPENAI_RESPONSES -> {
                    h.put("authorization", "Bearer " + SECRET);
                    h.put("accept", accept);
                }
                case AZURE_OPENAI -> {
                    h.put("api-key", SECRET);
                    h.put("accept", accept);
                }
                case ANTHROPIC -> {
                    h.put("x-api-key", SECRET);
                    h.put("anthropic-version", ROUTER_VERSION);
                    h.put("accept", accept);
                }
                case GEMINI -> h.put("x-goog-api-key", SECRET);
                case COHERE, COHERE_V2 -> h.put("authorization", "Bearer " + SECRET);
            }
            h.put("content-type", "application/json");
            if (callerHeadersTravel && family(upstream).contains(client)) {
                switch (upstream) {
                    case ANTHROPIC -> {
                        h.put("anthropic-beta", MAPPED_BETAS + "," + UNMAPPED_BETA);
                        h.put("anthropic-version", CALLER_VERSION);
                    }
                    case OPENAI, OPENAI_RESPONSES -> h.put("openai-beta", "assistants=v2");
                    case COHERE, COHERE_V2 -> h.put("x-client-name", "caller-app");
                    default -> {
                    }
                }
                if (forwarding) {
                    for (String name : accountHeaders(upstream)) {
                        h.put(name, lowerCaseKeys(BEHAVIOUR).get(name));
                    }
                }
            }
            if (forwarding) {
                String callerBetas = h.get("anthropic-beta");
                h.putAll(configured());
                if (callerBetas != null) {
                    h.put("anthropic-beta", callerBetas + "," + configured().get("anthropic-beta"));
                }
            }
            return h;
        }

        /** The drops named to the caller and recorded for the metric: exactly {@code names}. */
        private void dropsNamed(Call call, Set<String> names) {
            String header = call.response().headers().get(RoutedResponse.DROPPED_HEADER);
            assertEquals(names.isEmpty() ? null : String.join(",", new TreeSet<>(names)), header,
                    "x-router-dropped");
            assertEquals(names, call.record().dropped(), "the drops counted for the metric");
        }

        private Call call(Key key, Map<String, String> callerHeaders, CallPolicy policy) {
            return finish(route(key, callerHeaders, policy));
        }

        private RoutedResponse route(Key key, Map<String, String> callerHeaders, CallPolicy policy) {
            Endpoint ep = new Endpoint("ep", key, "upstream-model", Set.of(), 0.001, 0.001,
                    new CircuitBreakerConfig(3, Duration.ofSeconds(60)));
            EndpointPool pool = new EndpointPool(List.of(ep), 3, new ManualTicker());
            ChatRequest request = ChatRequest.builder().model("m").maxTokens(64).stream(stream).includeUsage(stream)
                    .messages(List.of(Message.text(Role.USER, "Hi"))).build();
            byte[] body = CODECS.of(client).encodeRequest(request, "m", new Key(client, "https://client.example",
                    "k")).body();
            InboundContext ctx = (client == Protocol.GEMINI ? InboundContext.gemini("m", stream, true)
                    : InboundContext.BODY_ONLY).withHeaders(lookup(callerHeaders));
            CALLS.incrementAndGet();
            return router.route("t", pool, body, client, ctx, policy).await().atMost(Duration.ofSeconds(5));
        }

        /** The call's answer read to its end, the request the upstream got and the call's record. */
        private Call finish(RoutedResponse r) {
            if (stream) {
                Answers.frames(r).collect().asList().await().atMost(Duration.ofSeconds(5));
            } else {
                assertEquals(200, r.status(), () -> new String(Answers.body(r), StandardCharsets.UTF_8));
            }
            UpstreamRequest sent = transport.requests.get(transport.requests.size() - 1);
            if (upstream == Protocol.AZURE_OPENAI) {
                assertTrue(sent.url().endsWith("api-version=" + AZURE_VERSION), sent.url());
            }
            Map<String, String> headers = new TreeMap<>();
            sent.headers().forEach((n, v) -> assertEquals(null, headers.put(n.toLowerCase(Locale.ROOT), v),
                    () -> "header " + n + " sent twice"));
            return new Call(r, headers, listener.calls.get(listener.calls.size() - 1));
        }

        /** A plain answer of the upstream's protocol, whole or streamed. */
        private Answer answer(UpstreamRequest request) {
            Protocol format = upstream == Protocol.AZURE_OPENAI ? Protocol.OPENAI : upstream;
            InboundContext providerCtx = format == Protocol.GEMINI ? InboundContext.gemini("upstream-model",
                    request.stream(), true) : InboundContext.BODY_ONLY;
            ChatRequest providerRequest = CODECS.of(format).decodeRequest(request.body(), providerCtx);
            ChatResponse answer = new ChatResponse("resp-1", "upstream-model",
                    List.of(new ContentPart.Text("Hello")), FinishReason.STOP, new TokenCounts(5, 1, 0, 0));
            if (!request.stream()) {
                return Answer.ok(CODECS.of(format).encodeResponse(answer, providerRequest));
            }
            StreamEncoder encoder = CODECS.of(format).streamEncoder(providerRequest, providerCtx);
            List<byte[]> chunks = new ArrayList<>();
            for (StreamEvent e : List.of(new StreamEvent.Start("resp-1", "upstream-model", null),
                    new StreamEvent.TextDelta("Hello"), new StreamEvent.UsageReport(answer.usage(), true),
                    new StreamEvent.Finish(FinishReason.STOP))) {
                encoder.encode(e, chunks::add);
            }
            encoder.end(chunks::add);
            return Answer.stream(chunks);
        }
    }

    /** One routed call: what the caller got, the headers the upstream got (lower-case names), the call's record. */
    private record Call(RoutedResponse response, Map<String, String> sent, CallRecord record) {
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> headers) {
        Map<String, String> lower = new TreeMap<>();
        headers.forEach((n, v) -> lower.put(n.toLowerCase(Locale.ROOT), v));
        return lower;
    }

    private static HeaderLookup lookup(Map<String, String> headers) {
        Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(headers);
        return ci::get;
    }
}
