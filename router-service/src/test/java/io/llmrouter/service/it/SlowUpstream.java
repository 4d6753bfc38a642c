package io.llmrouter.service.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-style upstream that streams one chunk and then holds the stream open, recording per request path when a
 * request arrived and when its connection was closed: the proof that a client disconnect reaches the upstream.
 */
public final class SlowUpstream implements AutoCloseable {

    static final String FIRST_CHUNK = "data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1,\"model\":\"slow\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            + "\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, CompletableFuture<Void>> arrived = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> closed = new ConcurrentHashMap<>();

    private SlowUpstream(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            req.connection().closeHandler(v -> closed(path).complete(null));
            req.body().onSuccess(b -> {
                req.response().setChunked(true).putHeader("Content-Type", "text/event-stream").write(FIRST_CHUNK);
                arrived(path).complete(null);
            });
        });
    }

    static SlowUpstream start() {
        SlowUpstream s = new SlowUpstream(Vertx.vertx());
        try {
            s.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("slow upstream did not start", e);
        }
        return s;
    }

    /** Base URL for a path prefix, e.g. {@code cancel/v1}. */
    String url(String prefix) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + prefix;
    }

    /** Completes when a request for this path has been answered with its first chunk. */
    CompletableFuture<Void> arrived(String path) {
        return arrived.computeIfAbsent(path, p -> new CompletableFuture<>());
    }

    /** Completes when the connection that carried a request for this path is closed. */
    CompletableFuture<Void> closed(String path) {
        return closed.computeIfAbsent(path, p -> new CompletableFuture<>());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
