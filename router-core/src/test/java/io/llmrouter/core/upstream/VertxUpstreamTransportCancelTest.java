package io.llmrouter.core.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamStream;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller that goes away must reset the upstream request it no longer waits for, once the request has been sent:
 * the upstream then sees its connection close and stops generating tokens nobody reads.
 */
class VertxUpstreamTransportCancelTest {

    private Vertx vertx;
    private HttpServer server;
    private VertxUpstreamTransport transport;
    private final CountDownLatch received = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final List<HttpConnection> connections = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        vertx.exceptionHandler(uncaught::add);
        // An upstream that reads the request and never answers, except on /stream: a short event stream.
        server = vertx.createHttpServer().requestHandler(req -> {
            connections.add(req.connection());
            req.connection().closeHandler(v -> closed.countDown());
            req.end().onSuccess(v -> {
                received.countDown();
                if (req.path().equals("/stream")) {
                    req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                    req.response().write("data: {\"n\":1}\n\n");
                    req.response().end("data: {\"n\":2}\n\n");
                }
            });
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        transport = new VertxUpstreamTransport(vertx, TransportOptions.defaults(true));
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private UpstreamRequest request(boolean stream) {
        return request(stream, "/v1/chat/completions");
    }

    private UpstreamRequest request(boolean stream, String path) {
        return new UpstreamRequest("http://127.0.0.1:" + server.actualPort() + path,
                Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), stream);
    }

    @Test
    void cancellingASentRequestClosesTheUpstreamConnection() throws Exception {
        Cancellable call = transport.send(request(false)).subscribe().with(r -> { }, t -> { });
        assertTrue(received.await(10, TimeUnit.SECONDS), "the upstream got the request");
        call.cancel();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the upstream connection was reset");
    }

    @Test
    void cancellingAStreamWaitingForHeadersClosesTheUpstreamConnection() throws Exception {
        Cancellable call = transport.stream(request(true)).subscribe().with(r -> { }, t -> { });
        assertTrue(received.await(10, TimeUnit.SECONDS), "the upstream got the request");
        call.cancel();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the upstream connection was reset");
    }

    @Test
    void aStreamThatEndsKeepsItsConnectionAndRaisesNothing() throws Exception {
        for (int i = 0; i < 2; i++) {
            List<byte[]> chunks = transport.stream(request(true, "/stream"))
                    .onItem().transformToMulti(UpstreamStream::body).collect().asList()
                    .await().atMost(Duration.ofSeconds(10));
            String body = chunks.stream().map(b -> new String(b, StandardCharsets.UTF_8))
                    .reduce("", String::concat);
            assertEquals("data: {\"n\":1}\n\ndata: {\"n\":2}\n\n", body);
        }
        assertEquals(2, connections.size());
        // Whether the pool hands the second request the same connection races with its recycling of the first; what
        // must hold is that a stream that simply ended was not reset (its connection stays open for reuse).
        assertEquals(1, closed.getCount(), "no upstream connection was reset after streams that ended normally");
        assertEquals(List.of(), uncaught, "nothing reported as uncaught to Vert.x");
    }
}
