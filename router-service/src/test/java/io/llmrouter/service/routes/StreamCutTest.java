package io.llmrouter.service.routes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream cut short must still run its response's close handler, which is where Quarkus counts a request done (its
 * graceful shutdown waits for every request not done). Vert.x's {@code reset()} runs none, which is why
 * {@link StreamCut} closes the connection instead.
 */
class StreamCutTest {

    private Vertx vertx;
    private HttpServer server;
    private volatile Handler<HttpServerRequest> cut;
    private final CountDownLatch closeHandlerRan = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.end().onSuccess(v -> {
            req.response().setChunked(true).closeHandler(c -> closeHandlerRan.countDown());
            req.response().write("data: first\n\n").onSuccess(w -> cut.handle(req));
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCutStreamEndsItsConnectionAndRunsItsCloseHandler() throws Exception {
        cut = StreamCut::cut;
        String seen = call();
        assertTrue(seen.contains("data: first"), seen);
        assertFalse(seen.contains("0\r\n\r\n"), "no terminating chunk: the caller sees a truncated stream");
        assertTrue(closeHandlerRan.await(5, TimeUnit.SECONDS), "the close handler ran");
    }

    @Test
    void vertxResetWouldSkipTheCloseHandler() throws Exception {
        // The reason for StreamCut: if Vert.x changes this, reset() can serve again.
        cut = req -> req.response().reset();
        call();
        assertFalse(closeHandlerRan.await(1, TimeUnit.SECONDS), "reset() ran the close handler after all");
    }

    /** One streamed call on a raw socket, read until the server closes the connection. */
    private String call() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
