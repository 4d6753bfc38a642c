package io.llmrouter.core.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamStream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vert.x transport holds every answer to the {@link UpstreamLimits}: a complete answer that never ends is read up
 * to the size limit and then reset, one that declares more is refused before its body is read, and an answer that
 * goes on for longer than the duration limit is cut, however regularly its upstream sends something.
 */
class VertxUpstreamTransportLimitsTest {

    private static final int LIMIT = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Buffer KIB = Buffer.buffer("x".repeat(1024));

    private Vertx vertx;
    private HttpServer server;
    private VertxUpstreamTransport transport;
    /** Bytes the endless answer wrote, and when its connection closed. */
    private final AtomicLong written = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.end().onSuccess(v -> {
            HttpServerResponse resp = req.response();
            switch (req.path()) {
                // A 200 JSON body that never ends.
                case "/endless" -> {
                    resp.closeHandler(c -> closed.complete(null));
                    resp.setChunked(true).putHeader("Content-Type", "application/json").write("{\"id\":\"");
                    endless(resp);
                }
                // Declares a body over the limit (and would send it).
                case "/declared" -> {
                    resp.closeHandler(c -> closed.complete(null));
                    resp.putHeader("Content-Length", Long.toString(LIMIT + 1L)).write(KIB);
                }
                // A comment every 50 ms, forever: never idle.
                case "/comments" -> {
                    resp.closeHandler(c -> closed.complete(null));
                    resp.setChunked(true).putHeader("Content-Type", "text/event-stream");
                    vertx.setPeriodic(50, id -> {
                        if (resp.closed()) {
                            vertx.cancelTimer(id);
                        } else {
                            resp.write(": still thinking\n\n");
                        }
                    });
                }
                case "/small" -> resp.end("{\"ok\":true}");
                default -> resp.setStatusCode(404).end();
            }
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        transport = new VertxUpstreamTransport(vertx, new TransportOptions(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 16, true,
                new UpstreamLimits(LIMIT, FrameLimits.DEFAULTS, Duration.ofMillis(400))));
    }

    private void endless(HttpServerResponse resp) {
        while (!resp.writeQueueFull() && !resp.closed()) {
            written.addAndGet(KIB.length());
            resp.write(KIB);
        }
        if (!resp.closed()) {
            resp.drainHandler(v -> endless(resp));
        }
    }

    @AfterEach
    void stop() throws Exception {
        LoopbackUpstreams.close(transport, vertx);
    }

    private UpstreamRequest request(String path, boolean stream) {
        return LoopbackUpstreams.request(server, path, stream);
    }

    private static UpstreamFault faultIn(Throwable t) {
        UpstreamFault fault = UpstreamFault.in(t);
        assertNotNull(fault, () -> "no UpstreamFault in " + t);
        return fault;
    }

    @Test
    void aCompleteAnswerThatNeverEndsIsReadToTheLimitAndItsConnectionReset() throws Exception {
        Throwable t = assertThrows(RuntimeException.class,
                () -> transport.send(request("/endless", false)).await().atMost(WAIT));
        UpstreamFault fault = faultIn(t);
        assertEquals(UpstreamFault.Kind.RESPONSE_TOO_LARGE, fault.kind());
        assertEquals("answer larger than 65536 bytes (router.upstream.max-response-size)", fault.getMessage());
        closed.get(10, TimeUnit.SECONDS);
        long sent = written.get();
        // What the socket buffers between the two took, and nothing more once the connection was reset.
        assertTrue(sent < 64L * 1024 * 1024, "the upstream was stopped after " + sent + " bytes");
        // The transport still serves the next call.
        assertEquals(200, transport.send(request("/small", false)).await().atMost(WAIT).status());
    }

    @Test
    void anAnswerDeclaringMoreThanTheLimitIsRefusedBeforeItsBodyIsRead() throws Exception {
        Throwable t = assertThrows(RuntimeException.class,
                () -> transport.send(request("/declared", false)).await().atMost(WAIT));
        assertEquals(UpstreamFault.Kind.RESPONSE_TOO_LARGE, faultIn(t).kind());
        closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStreamOfCommentsIsCutAtTheDurationLimit() {
        UpstreamStream stream = transport.stream(request("/comments", true)).await().atMost(WAIT);
        Throwable t = assertThrows(RuntimeException.class,
                () -> stream.body().collect().asList().await().atMost(WAIT));
        UpstreamFault fault = faultIn(t);
        assertEquals(UpstreamFault.Kind.TOO_LONG, fault.kind());
        assertEquals("answer lasted longer than 400 ms (router.upstream.max-response-duration)", fault.getMessage());
    }

    @Test
    void aStreamCutBeforeItsBodyIsReadFailsWhenItIsRead() throws Exception {
        // Long enough for the head to arrive on a busy machine, so that the cut falls between head and reading.
        VertxUpstreamTransport slower = new VertxUpstreamTransport(vertx, new TransportOptions(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 16, true,
                new UpstreamLimits(LIMIT, FrameLimits.DEFAULTS, Duration.ofSeconds(2))));
        try {
            UpstreamStream stream = slower.stream(request("/comments", true)).await().atMost(WAIT);
            // The deadline cuts the exchange while nobody reads the body yet (a busy caller): the fault must wait
            // for the reader instead of leaving it waiting forever.
            closed.get(10, TimeUnit.SECONDS);
            Throwable t = assertThrows(RuntimeException.class,
                    () -> stream.body().collect().asList().await().atMost(WAIT));
            assertEquals(UpstreamFault.Kind.TOO_LONG, faultIn(t).kind());
        } finally {
            slower.close();
        }
    }

    @Test
    void aCompleteAnswerIsCutAtTheDurationLimitToo() {
        Throwable t = assertThrows(RuntimeException.class,
                () -> transport.send(request("/comments", false)).await().atMost(WAIT));
        assertEquals(UpstreamFault.Kind.TOO_LONG, faultIn(t).kind());
    }
}
