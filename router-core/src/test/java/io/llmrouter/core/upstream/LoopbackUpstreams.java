package io.llmrouter.core.upstream;

import io.llmrouter.core.wire.UpstreamRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the transport tests share about their upstream, a Vert.x server on loopback. */
final class LoopbackUpstreams {

    private LoopbackUpstreams() {
    }

    /** A JSON request to a path of the server. */
    static UpstreamRequest request(HttpServer server, String path, boolean stream) {
        return new UpstreamRequest("http://127.0.0.1:" + server.actualPort() + path,
                Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), stream);
    }

    /** Closes the transport, then Vert.x with the server. */
    static void close(UpstreamTransport transport, Vertx vertx) throws Exception {
        transport.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
