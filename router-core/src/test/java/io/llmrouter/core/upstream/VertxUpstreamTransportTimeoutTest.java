package io.llmrouter.core.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamResponse;
import io.llmrouter.core.wire.UpstreamStream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first-byte timeout bounds the wait for the response head, the idle timeout the silence between body chunks,
 * each on its own: a slow head within the first-byte timeout is fine even when it is longer than the idle timeout,
 * a body that stalls is cut, and a body that keeps coming is not, however long it lasts in total.
 */
class VertxUpstreamTransportTimeoutTest {

    private static final Duration FIRST_BYTE = Duration.ofMillis(1500);
    private static final Duration IDLE = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Vertx vertx;
    private HttpServer server;
    private VertxUpstreamTransport transport;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.end().onSuccess(v -> {
            HttpServerResponse resp = req.response();
            switch (req.path()) {
                // Thinks for longer than the idle timeout, then answers at once.
                case "/slow-head" -> vertx.setTimer(700, id -> resp.end("{\"ok\":true}"));
                // Never answers.
                case "/no-head" -> { }
                // Starts an answer, then goes silent.
                case "/stall" -> resp.setChunked(true).write("data: {\"n\":1}\n\n");
                // A chunk every 100 ms for a second: longer than the idle timeout in all, never silent that long.
                case "/trickle" -> {
                    resp.setChunked(true);
                    for (int i = 1; i <= 10; i++) {
                        int n = i;
                        vertx.setTimer(100L * n, id -> {
                            if (n < 10) {
                                resp.write("data: {\"n\":" + n + "}\n\n");
                            } else {
                                resp.end("data: {\"n\":10}\n\n");
                            }
                        });
                    }
                }
                default -> resp.setStatusCode(404).end();
            }
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        transport = new VertxUpstreamTransport(vertx,
                new TransportOptions(Duration.ofSeconds(5), FIRST_BYTE, IDLE, 16, true));
    }

    @AfterEach
    void stop() throws Exception {
        LoopbackUpstreams.close(transport, vertx);
    }

    private UpstreamRequest request(String path, boolean stream) {
        return LoopbackUpstreams.request(server, path, stream);
    }

    @Test
    void aHeadSlowerThanTheIdleTimeoutButWithinTheFirstByteTimeoutIsAnswered() {
        UpstreamResponse resp = transport.send(request("/slow-head", false)).await().atMost(WAIT);
        assertEquals(200, resp.status());
        assertEquals("{\"ok\":true}", new String(resp.body(), StandardCharsets.UTF_8));
    }

    @Test
    void noHeadWithinTheFirstByteTimeoutFailsWithATimeout() {
        Throwable t = assertThrows(RuntimeException.class,
                () -> transport.send(request("/no-head", false)).await().atMost(WAIT));
        TimeoutException timeout = timeoutIn(t);
        assertEquals("no response headers from upstream within 1500 ms", timeout.getMessage());
    }

    @Test
    void aStreamThatStallsIsCutAfterTheIdleTimeout() {
        UpstreamStream stream = transport.stream(request("/stall", true)).await().atMost(WAIT);
        Throwable t = assertThrows(RuntimeException.class,
                () -> stream.body().collect().asList().await().atMost(WAIT));
        assertEquals("no data from upstream for 300 ms", timeoutIn(t).getMessage());
    }

    @Test
    void anAnswerWhoseBodyStallsFailsWithATimeout() {
        Throwable t = assertThrows(RuntimeException.class,
                () -> transport.send(request("/stall", false)).await().atMost(WAIT));
        assertEquals("no data from upstream for 300 ms", timeoutIn(t).getMessage());
    }

    @Test
    void aStreamThatKeepsComingIsNotCutHoweverLongItLasts() {
        UpstreamStream stream = transport.stream(request("/trickle", true)).await().atMost(WAIT);
        List<byte[]> chunks = stream.body().collect().asList().await().atMost(WAIT);
        String body = chunks.stream().map(b -> new String(b, StandardCharsets.UTF_8)).reduce("", String::concat);
        assertEquals(10, body.split("\n\n").length, body);
    }

    /** The timeout, as thrown or as the cause Vert.x wraps it in when it resets the request. */
    private static TimeoutException timeoutIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException te) {
                return te;
            }
        }
        return assertInstanceOf(TimeoutException.class, t, "no TimeoutException in the chain");
    }
}
