package io.llmrouter.service.faults;

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
 * An OpenAI-compatible upstream on loopback that misbehaves on purpose, one way per path prefix
 * ({@code /<fault>/v1/chat/completions}, see {@link Fault}); {@code /ok/v1} answers properly. What an endless answer
 * has written is counted, so that a test can act while the router is in the middle of reading it.
 */
public final class FaultUpstream implements AutoCloseable {

    /** The ways to misbehave, each named by its path prefix. */
    public enum Fault {
        /** A 200 JSON body that never ends. */
        ENDLESS_JSON,
        /** A 200 event stream whose first line never ends. */
        ENDLESS_LINE,
        /** A 200 event stream whose first event never ends: data lines forever, no blank line. */
        ENDLESS_EVENT,
        /** A first event, then a line that never ends. */
        LATE_ENDLESS_LINE,
        /** A 500 whose error body never ends. */
        ENDLESS_ERROR,
        /** A comment every second, forever, and never an event. */
        COMMENTS,
        /** A first event, then a comment every second, forever. */
        LATE_COMMENTS,
        /** A 200 HTML page. */
        HTML,
        /** A 200 HTML page labelled as an event stream. */
        HTML_AS_SSE,
        /** A 200 JSON error body. */
        JSON_ERROR,
        /** A 200 event stream with no body. */
        EMPTY,
        /** A 200 event stream of lines that are not events of the protocol. */
        GARBAGE,
        /** A proper stream, cut before its finish_reason and [DONE]. */
        CUT;

        /** The path prefix and endpoint name: {@code endless-json}. */
        public String path() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The text of the proper answer and stream. */
    public static final String SAID = "Hello from the fault upstream";
    static final String FIRST_EVENT = "data: {\"id\":\"chatcmpl-f\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"fault\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":null}]}\n\n";
    static final String TEXT_EVENT = "data: {\"id\":\"chatcmpl-f\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"fault\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + SAID + "\"},"
            + "\"finish_reason\":null}]}\n\n";
    static final String STREAM = FIRST_EVENT + TEXT_EVENT
            + "data: {\"id\":\"chatcmpl-f\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fault\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"chatcmpl-f\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fault\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":6,\"total_tokens\":11}}\n\n"
            + "data: [DONE]\n\n";
    static final String ANSWER = "{\"id\":\"chatcmpl-f\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"fault\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + SAID + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":6,"
            + "\"total_tokens\":11}}";
    private static final Buffer FILLER = Buffer.buffer("x".repeat(64 * 1024));
    private static final Buffer DATA_LINE = Buffer.buffer(("data: " + "y".repeat(1000) + "\n").repeat(64));

    private static volatile FaultUpstream running;

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<Fault, AtomicLong> written = new ConcurrentHashMap<>();
    private final Map<Fault, CompletableFuture<Void>> halfway = new ConcurrentHashMap<>();
    /** Bytes after which {@link #halfway} completes: well inside every limit, so the router is still reading. */
    private final long halfwayBytes;

    private FaultUpstream(long halfwayBytes) {
        this.halfwayBytes = halfwayBytes;
        this.server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String path = req.path();
            String first = path.length() > 1 ? path.substring(1, path.indexOf('/', 1) < 0 ? path.length()
                    : path.indexOf('/', 1)) : "";
            boolean stream = body.toString().contains("\"stream\":true");
            HttpServerResponse resp = req.response();
            if (first.equals("ok")) {
                resp.putHeader("Content-Type", stream ? "text/event-stream" : "application/json")
                        .end(stream ? STREAM : ANSWER);
                return;
            }
            Fault fault = null;
            for (Fault f : Fault.values()) {
                if (f.path().equals(first)) {
                    fault = f;
                }
            }
            if (fault == null) {
                resp.setStatusCode(404).end();
            } else {
                serve(fault, resp);
            }
        }));
    }

    /** Starts the upstream; {@code halfwayBytes} is when an endless answer counts as being read. */
    public static FaultUpstream start(long halfwayBytes) {
        FaultUpstream f = new FaultUpstream(halfwayBytes);
        try {
            f.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            f.close();
            throw new IllegalStateException("fault upstream did not start", e);
        }
        running = f;
        return f;
    }

    /** The upstream the test resource started. */
    public static FaultUpstream running() {
        return running;
    }

    /** The base URL of a fault's endpoint, or of the proper one. */
    public String baseUrl(String prefix) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + prefix + "/v1";
    }

    /** Completes once an endless answer of this fault has written half its way (and again for later calls). */
    public CompletableFuture<Void> halfway(Fault fault) {
        return halfway.computeIfAbsent(fault, f -> new CompletableFuture<>());
    }

    /** Forgets what this fault has written, before a call that is to be watched. */
    public void reset(Fault fault) {
        halfway.remove(fault);
        written.remove(fault);
    }

    private void serve(Fault fault, HttpServerResponse resp) {
        switch (fault) {
            case ENDLESS_JSON -> pump(fault, begin(json(resp), "{\"id\":\"chatcmpl-f\",\"choices\":[{\"text\":\""),
                    FILLER);
            case ENDLESS_LINE -> pump(fault, begin(sse(resp), "data: {\"choices\":[{\"delta\":{\"content\":\""),
                    FILLER);
            case ENDLESS_EVENT -> pump(fault, sse(resp), DATA_LINE);
            case LATE_ENDLESS_LINE -> pump(fault, begin(sse(resp), FIRST_EVENT + TEXT_EVENT
                    + "data: {\"choices\":[{\"delta\":{\"content\":\""), FILLER);
            case ENDLESS_ERROR -> pump(fault, begin(json(resp.setStatusCode(500)), "{\"error\":{\"message\":\""),
                    FILLER);
            case COMMENTS -> comments(sse(resp));
            case LATE_COMMENTS -> comments(begin(sse(resp), FIRST_EVENT + TEXT_EVENT));
            case HTML -> resp.putHeader("Content-Type", "text/html").end("<html><body>Maintenance</body></html>");
            case HTML_AS_SSE -> sse(resp).end("<!DOCTYPE html>\n<html><body>Bad gateway</body></html>\n");
            case JSON_ERROR -> json(resp).end("{\"error\":{\"message\":\"The server had an error\","
                    + "\"type\":\"server_error\"}}");
            case EMPTY -> sse(resp).end();
            case GARBAGE -> sse(resp).end("data: <<garbage>>\n\ndata: ???\n\n");
            case CUT -> sse(resp).end(FIRST_EVENT + TEXT_EVENT);
            default -> throw new IllegalStateException(fault.name());
        }
    }

    private static HttpServerResponse begin(HttpServerResponse resp, String text) {
        resp.write(text);
        return resp;
    }

    private static HttpServerResponse sse(HttpServerResponse resp) {
        return resp.setChunked(true).putHeader("Content-Type", "text/event-stream");
    }

    private static HttpServerResponse json(HttpServerResponse resp) {
        return resp.setChunked(true).putHeader("Content-Type", "application/json");
    }

    /** Writes {@code chunk} again and again, as fast as the connection takes it, until the connection closes. */
    private void pump(Fault fault, HttpServerResponse resp, Buffer chunk) {
        AtomicLong sent = written.computeIfAbsent(fault, f -> new AtomicLong());
        while (!resp.writeQueueFull() && !resp.closed()) {
            if (sent.addAndGet(chunk.length()) >= halfwayBytes) {
                halfway(fault).complete(null);
            }
            resp.write(chunk);
        }
        if (!resp.closed()) {
            resp.drainHandler(v -> pump(fault, resp, chunk));
        }
    }

    private void comments(HttpServerResponse resp) {
        vertx.setPeriodic(1000, id -> {
            if (resp.closed()) {
                vertx.cancelTimer(id);
            } else {
                resp.write(": still thinking\n\n");
            }
        });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
