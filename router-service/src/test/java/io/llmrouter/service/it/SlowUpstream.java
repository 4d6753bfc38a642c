package io.llmrouter.service.it;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-style upstream that streams one chunk and then holds the stream open, recording per request path when a
 * request arrived and when its connection was closed: the proof that a client disconnect reaches the upstream. Under
 * a path with {@code /flood/}, it goes on streaming chunks as fast as the connection takes them, up to
 * {@link #FLOOD_BYTES}, and records how much it wrote: the proof that a caller who stops reading stops the upstream.
 * Under a path with {@code /whole/}, the stream ends right after its first chunk, keeping the connection for the next
 * request.
 */
public final class SlowUpstream implements AutoCloseable {

    static final String FIRST_CHUNK = "data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1,\"model\":\"slow\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            + "\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, CompletableFuture<Void>> arrived = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> closed = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> dropped = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> finished = new ConcurrentHashMap<>();

    /** What a flood stream sends in all: far more than the sockets and queues between it and a caller hold. */
    static final long FLOOD_BYTES = 64L * 1024 * 1024;
    private static final Buffer FLOOD_CHUNK = Buffer.buffer("data: {\"id\":\"chatcmpl-slow\",\"object\":"
            + "\"chat.completion.chunk\",\"created\":1,\"model\":\"slow\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"content\":\"" + "flood ".repeat(700) + "\"},\"finish_reason\":null}]}\n\n");

    private SlowUpstream(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            // A client that asked to close after this request ("Connection: close") closes by agreement; one that
            // closes a kept-alive connection may do so after its pool handed the connection to another request.
            boolean announced = "close".equalsIgnoreCase(req.getHeader("Connection"));
            req.connection().closeHandler(v -> {
                closed(path).complete(null);
                if (!announced) {
                    dropped(path).complete(null);
                }
            });
            req.body().onSuccess(b -> {
                HttpServerResponse response = req.response();
                response.setChunked(true).putHeader("Content-Type", "text/event-stream").write(FIRST_CHUNK);
                arrived(path).complete(null);
                if (path.contains("/flood/")) {
                    flood(path, response);
                } else if (path.contains("/whole/")) {
                    response.end("data: [DONE]\n\n");
                }
            });
        });
    }

    private void flood(String path, HttpServerResponse response) {
        AtomicLong sent = written(path);
        while (!response.writeQueueFull() && !response.closed()) {
            if (sent.get() >= FLOOD_BYTES) {
                response.end("data: [DONE]\n\n").onSuccess(v -> finished(path).complete(null));
                return;
            }
            sent.addAndGet(FLOOD_CHUNK.length());
            response.write(FLOOD_CHUNK);
        }
        if (!response.closed()) {
            response.drainHandler(v -> flood(path, response));
        }
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

    /** Completes when a kept-alive connection that carried a request for this path is closed. */
    CompletableFuture<Void> dropped(String path) {
        return dropped.computeIfAbsent(path, p -> new CompletableFuture<>());
    }

    /** Bytes a flood stream for this path has written so far. */
    AtomicLong written(String path) {
        return written.computeIfAbsent(path, p -> new AtomicLong());
    }

    /** Completes when a flood stream for this path has sent all of {@link #FLOOD_BYTES}. */
    CompletableFuture<Void> finished(String path) {
        return finished.computeIfAbsent(path, p -> new CompletableFuture<>());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
