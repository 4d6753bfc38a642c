package io.llmrouter.core.upstream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.convert.UpstreamRequest;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        // An upstream that reads the request and never answers.
        server = vertx.createHttpServer().requestHandler(req -> {
            req.connection().closeHandler(v -> closed.countDown());
            req.end().onSuccess(v -> received.countDown());
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
        return new UpstreamRequest("http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions",
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
}
