package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.breaker.ManualTicker;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.failure.FailureClassifier;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.testing.CapturedLog;
import io.llmrouter.core.upstream.TransportOptions;
import io.llmrouter.core.upstream.VertxUpstreamTransport;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upstreams that give no answer, for real on loopback through the Vert.x transport: the caller is told the class of
 * failure ({@code timeout}, {@code connection closed}, {@code connection refused}), never an exception's name, and a
 * lone endpoint is called again only when the connection failed before any answer.
 */
class TransportFailuresTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] REQUEST = """
            {"model":"gpt-4o","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}"""
            .getBytes(StandardCharsets.UTF_8);

    private Vertx vertx;
    private HttpServer server;
    private VertxUpstreamTransport transport;
    private LlmRouter router;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            requests.computeIfAbsent(req.path(), p -> new AtomicInteger()).incrementAndGet();
            if (req.path().startsWith("/close/")) {
                req.connection().close();
            }
            // "/no-head/": never answers.
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        transport = new VertxUpstreamTransport(vertx, new TransportOptions(Duration.ofSeconds(2),
                Duration.ofMillis(300), Duration.ofSeconds(2), 8, true));
        router = new LlmRouter(Codecs.defaults(), transport, new TokenEstimator(), new FailureClassifier(),
                new RouteListener() { });
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private EndpointPool lone(String baseUrl) {
        Endpoint a = new Endpoint("a", new Key(Protocol.OPENAI, baseUrl, "upstream-key-0001"), "gpt-4o", Set.of(),
                0.001, 0.001, new CircuitBreakerConfig(5, Duration.ofSeconds(60)));
        return new EndpointPool(List.of(a), 3, new ManualTicker());
    }

    private String call(EndpointPool pool, boolean stream, List<LogRecord> logged) {
        byte[] body = stream ? new String(REQUEST, StandardCharsets.UTF_8).replace("{\"model\"", "{\"stream\":true,"
                + "\"model\"").getBytes(StandardCharsets.UTF_8) : REQUEST;
        List<RoutedResponse> answers = new ArrayList<>();
        logged.addAll(CapturedLog.of(Call.class, () -> answers.add(router.route("t", pool, body, Protocol.OPENAI,
                InboundContext.BODY_ONLY).await().atMost(WAIT))));
        RoutedResponse r = answers.get(0);
        assertEquals(502, r.status());
        return Json.tryParse(new String(Answers.body(r), StandardCharsets.UTF_8)).at("/error/message").asText();
    }

    @ParameterizedTest(name = "stream: {0}")
    @ValueSource(booleans = {false, true})
    void noHeadWithinTheFirstByteTimeoutIsATimeoutAndIsNotTriedAgain(boolean stream) {
        List<LogRecord> logged = new ArrayList<>();
        String message = call(lone("http://127.0.0.1:" + server.actualPort() + "/no-head/v1"), stream, logged);

        assertEquals("all 1 attempts failed; last: upstream a: timeout", message);
        assertEquals(1, requests.get("/no-head/v1/chat/completions").get());
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).getMessage().startsWith("Upstream a of tenant t gave no answer (timeout): "),
                logged.get(0).getMessage());
    }

    @ParameterizedTest(name = "stream: {0}")
    @ValueSource(booleans = {false, true})
    void aConnectionClosedBeforeAnyAnswerIsTriedAgain(boolean stream) {
        List<LogRecord> logged = new ArrayList<>();
        String message = call(lone("http://127.0.0.1:" + server.actualPort() + "/close/v1"), stream, logged);

        assertEquals("all 3 attempts failed; last: upstream a: connection closed", message);
        assertEquals(3, requests.get("/close/v1/chat/completions").get());
    }

    @ParameterizedTest(name = "stream: {0}")
    @ValueSource(booleans = {false, true})
    void aRefusedConnectionIsTriedAgain(boolean stream) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<LogRecord> logged = new ArrayList<>();
        String message = call(lone("http://127.0.0.1:" + closedPort + "/v1"), stream, logged);

        assertEquals("all 3 attempts failed; last: upstream a: connection refused", message);
        assertEquals(3, logged.size());
    }
}
