package io.llmrouter.core.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.llmrouter.core.wire.UpstreamRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls served on one event loop ride connections of that loop: the upstream sees one connection per loop, reused by
 * that loop's later calls, rather than one connection passed between loops (the cross-thread hand-offs this avoids).
 */
class LoopAffineClientsTest {

    private Vertx vertx;
    private HttpServer upstream;
    private VertxUpstreamTransport transport;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        // Answers with the caller's port: which pooled connection carried the call.
        upstream = vertx.createHttpServer().requestHandler(req -> req.end().onSuccess(
                v -> req.response().end(String.valueOf(req.remoteAddress().port()))));
        upstream.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        transport = new VertxUpstreamTransport(vertx, TransportOptions.defaults(true));
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachEventLoopKeepsItsOwnUpstreamConnections() throws Exception {
        Context[] loops = twoLoops();
        Context loopA = loops[0];
        Context loopB = loops[1];

        // One after the other, so with a shared pool every call would reuse the single idle connection.
        String first = portOfCallFrom(loopA);
        String second = portOfCallFrom(loopB);
        String third = portOfCallFrom(loopA);
        String fourth = portOfCallFrom(loopB);

        assertNotEquals(first, second, "loop B did not borrow loop A's connection");
        assertEquals(first, third, "loop A reused its own connection");
        assertEquals(second, fourth, "loop B reused its own connection");
    }

    @Test
    void eachEventLoopHasAClientOfItsOwnAndOtherThreadsShareOne() throws Exception {
        LoopAffineClients clients = new LoopAffineClients(vertx, new HttpClientOptions(), 10);
        try {
            HttpClient offLoop = clients.current();
            assertSame(offLoop, clients.current(), "the same client each time");
            // executeBlocking runs on a worker thread: still off the loops.
            HttpClient worker = vertx.getOrCreateContext().<HttpClient>executeBlocking(clients::current, false)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertSame(offLoop, worker);
            Context[] loops = twoLoops();
            Context loopA = loops[0];
            Context loopB = loops[1];
            HttpClient a = clientOn(loopA, clients);
            assertNotSame(offLoop, a, "an event loop has a client of its own");
            assertSame(a, clientOn(loopA, clients), "and keeps it");
            assertNotSame(a, clientOn(loopB, clients), "another loop has another");
        } finally {
            clients.close();
        }
    }

    private static HttpClient clientOn(Context loop, LoopAffineClients clients) throws Exception {
        CompletableFuture<HttpClient> client = new CompletableFuture<>();
        loop.runOnContext(v -> client.complete(clients.current()));
        return client.get(10, TimeUnit.SECONDS);
    }

    /** Contexts on two different event loops of the test's Vert.x. */
    private Context[] twoLoops() {
        ContextInternal a = ((VertxInternal) vertx).createEventLoopContext();
        ContextInternal b = ((VertxInternal) vertx).createEventLoopContext();
        // Each new context takes the next loop in turn, but other users of the group take turns too.
        for (int i = 0; i < 8 && a.nettyEventLoop() == b.nettyEventLoop(); i++) {
            b = ((VertxInternal) vertx).createEventLoopContext();
        }
        assertNotSame(a.nettyEventLoop(), b.nettyEventLoop(), "two contexts on different event loops");
        return new Context[] {a, b};
    }

    private String portOfCallFrom(Context loop) throws Exception {
        CompletableFuture<String> port = new CompletableFuture<>();
        UpstreamRequest request = new UpstreamRequest("http://127.0.0.1:" + upstream.actualPort() + "/v1/x",
                Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), false);
        loop.runOnContext(v -> transport.send(request).subscribe().with(
                r -> port.complete(new String(r.body(), StandardCharsets.UTF_8)), port::completeExceptionally));
        String answer = port.get(10, TimeUnit.SECONDS);
        // The pool takes the connection back in the loop task that delivered the answer; a task queued behind it
        // runs once that is done, so the next call finds the connection idle (as a shared pool would hand it out).
        CompletableFuture<Void> taskDone = new CompletableFuture<>();
        loop.runOnContext(v -> taskDone.complete(null));
        taskDone.get(10, TimeUnit.SECONDS);
        return answer;
    }
}
