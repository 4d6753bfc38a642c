package io.llmrouter.service.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-style upstream that answers under {@code /<name>/v1/chat/completions} with {@code answered by <name>}.
 * Under a name starting with {@code held}, it holds every call once it has arrived (a stream after its first chunk)
 * until {@link #release()}: the calls are in flight at the upstream for as long as a test needs.
 */
final class HeldUpstream implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Semaphore arrivals = new Semaphore(0);
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    private HeldUpstream() {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String name = req.path().split("/")[1];
            boolean stream = body.toString().contains("\"stream\":true");
            var response = req.response();
            String content = "answered by " + name;
            if (stream) {
                response.setChunked(true).putHeader("Content-Type", "text/event-stream")
                        .write(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
            }
            Runnable answer = () -> {
                if (stream) {
                    response.write(chunk("{\"content\":\"" + content + "\"}", null));
                    response.end(chunk("{}", "\"stop\"") + "data: [DONE]\n\n");
                } else {
                    response.putHeader("Content-Type", "application/json").end("{\"id\":\"chatcmpl-held\","
                            + "\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{"
                            + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},"
                            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,"
                            + "\"total_tokens\":8}}");
                }
            };
            arrivals.release();
            if (name.startsWith("held")) {
                released.thenRun(() -> vertx.runOnContext(v -> answer.run()));
            } else {
                answer.run();
            }
        }));
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-held\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":"
                + "\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish
                + "}]}\n\n";
    }

    static HeldUpstream start() {
        HeldUpstream h = new HeldUpstream();
        try {
            h.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.close();
            throw new IllegalStateException("held upstream did not start", e);
        }
        return h;
    }

    /** Base URL of the upstream {@code name}. */
    String url(String name) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + name;
    }

    /** Waits until {@code n} more calls have arrived (bounded: a hang fails the test). */
    void awaitArrivals(int n) throws InterruptedException {
        if (!arrivals.tryAcquire(n, 30, TimeUnit.SECONDS)) {
            throw new AssertionError("the calls did not reach the upstream");
        }
    }

    /** Lets the held calls answer. */
    void release() {
        released.complete(null);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
