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
import io.llmrouter.core.routing.ScriptedTransport.Answer;
import io.llmrouter.core.selection.EndpointPool;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the router hands to its {@link Offload}: the parsing of a large request, its encoding for the upstream, the
 * conversion of a large answer; nothing of a small call. The offload here runs the work on a thread of its own, as the
 * service's does, and the answers are the same as without it.
 */
class OffloadedCallsTest {

    private static final int LARGE = 4096;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "offload-worker"));
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final Offload offload = new Offload() {
        @Override
        public boolean wanted(long size) {
            return size >= LARGE;
        }

        @Override
        public <T> Uni<T> run(Supplier<T> work) {
            return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(() -> {
                threads.add(Thread.currentThread().getName());
                return work.get();
            }, worker));
        }
    };
    private final ScriptedTransport transport = new ScriptedTransport();
    private final LlmRouter router = new LlmRouter(Codecs.defaults(), transport, new TokenEstimator(),
            new FailureClassifier(), RouteListener.NONE, offload, UpstreamLimits.DEFAULTS);
    private final EndpointPool pool = new EndpointPool(List.of(new Endpoint("claude",
            new Key(Protocol.ANTHROPIC, "https://claude.example", "k"), "claude-haiku-4-5", Set.of(), 0.001, 0.005,
            new CircuitBreakerConfig(3, Duration.ofSeconds(60)))), 3, new ManualTicker());

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    @Test
    void aLargeRequestIsParsedAndEncodedByTheOffload() {
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes("anthropic/response_text.json")));
        RoutedResponse r = call(request(200));
        assertEquals(200, r.status());
        assertEquals(List.of("offload-worker", "offload-worker"), threads, "parsing, then encoding for the upstream");
        assertTrue(new String(transport.requests.get(0).body(), StandardCharsets.UTF_8).contains("message 199"));
    }

    @Test
    void aLargeAnswerIsConvertedByTheOffload() {
        String text = "word ".repeat(LARGE);
        String answer = new String(Fixtures.bytes("anthropic/response_text.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"text\": \"[^\"]*\"", "\"text\": \"" + text + "\"");
        transport.on("https://claude.example", Answer.ok(answer.getBytes(StandardCharsets.UTF_8)));
        RoutedResponse r = call(request(1));
        assertEquals(200, r.status());
        assertEquals(List.of("offload-worker"), threads, "the answer's conversion only");
        assertTrue(new String(Answers.body(r), StandardCharsets.UTF_8).contains(text.strip()));
    }

    @Test
    void aLargeRequestThatIsNotJsonIsRefusedFromTheOffload() {
        RoutedResponse r = call(("{\"model\":\"m\",\"pad\":\"" + "x".repeat(LARGE)).getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.status());
        assertEquals(List.of("offload-worker"), threads);
        assertEquals(0, transport.requests.size());
    }

    @Test
    void aSmallCallIsWorkedOnWhereItIs() {
        transport.on("https://claude.example", Answer.ok(Fixtures.bytes("anthropic/response_text.json")));
        assertEquals(200, call(request(1)).status());
        assertEquals(List.of(), threads);
    }

    private RoutedResponse call(byte[] body) {
        return router.route("t", pool, body, Protocol.OPENAI, InboundContext.BODY_ONLY)
                .await().atMost(Duration.ofSeconds(10));
    }

    /** An OpenAI request with {@code messages} user messages: 200 of them are ~9 KB. */
    private static byte[] request(int messages) {
        StringBuilder body = new StringBuilder("{\"model\":\"claude\",\"messages\":[");
        for (int i = 0; i < messages; i++) {
            body.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"message ").append(i).append("\"}");
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
