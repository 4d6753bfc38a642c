package io.llmrouter.service.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible embeddings upstream for the memory tests, by the first path segment of the request: {@code wide}
 * answers one base64 vector of {@link #WIDE} values per input (real answers at their largest), {@code endless} a 200
 * JSON body that never ends, {@code ok} a short vector per input.
 */
final class EmbeddingsUpstream implements AutoCloseable {

    /** The values of a wide vector: text-embedding-3-small's length. */
    static final int WIDE = 1536;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WIDE_VECTOR = vector(WIDE);
    private static final String OK_VECTOR = vector(8);
    private static final Buffer FILLER = Buffer.buffer("0.0123456,".repeat(6400));

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    private EmbeddingsUpstream() {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String path = req.path();
            String first = path.substring(1, Math.max(1, path.indexOf('/', 1)));
            HttpServerResponse resp = req.response().setChunked(true).putHeader("Content-Type", "application/json");
            switch (first) {
                case "wide" -> answer(resp, inputs(body), WIDE_VECTOR);
                case "ok" -> answer(resp, inputs(body), OK_VECTOR);
                case "endless" -> {
                    resp.write("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[");
                    pump(resp);
                }
                default -> resp.setStatusCode(404).end();
            }
        }));
    }

    static EmbeddingsUpstream start() {
        EmbeddingsUpstream u = new EmbeddingsUpstream();
        try {
            u.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            u.close();
            throw new IllegalStateException("embeddings upstream did not start", e);
        }
        return u;
    }

    String baseUrl(String prefix) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + prefix + "/v1";
    }

    private static int inputs(Buffer body) {
        try {
            JsonNode input = JSON.readTree(body.getBytes()).get("input");
            return input.isArray() ? input.size() : 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One vector per input, written a vector at a time as the connection takes them. */
    private static void answer(HttpServerResponse resp, int n, String vector) {
        resp.write("{\"object\":\"list\",\"data\":[");
        write(resp, 0, n, vector);
    }

    private static void write(HttpServerResponse resp, int from, int n, String vector) {
        int i = from;
        while (i < n && !resp.writeQueueFull() && !resp.closed()) {
            resp.write((i == 0 ? "" : ",") + "{\"object\":\"embedding\",\"index\":" + i + ",\"embedding\":\"" + vector
                    + "\"}");
            i++;
        }
        if (i == n) {
            resp.end("],\"model\":\"wide\",\"usage\":{\"prompt_tokens\":" + n + ",\"total_tokens\":" + n + "}}");
        } else if (!resp.closed()) {
            int next = i;
            resp.drainHandler(v -> write(resp, next, n, vector));
        }
    }

    private static void pump(HttpServerResponse resp) {
        while (!resp.writeQueueFull() && !resp.closed()) {
            resp.write(FILLER);
        }
        if (!resp.closed()) {
            resp.drainHandler(v -> pump(resp));
        }
    }

    private static String vector(int n) {
        ByteBuffer bytes = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            bytes.putFloat((i % 7 - 3) / 10f);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
