package io.llmrouter.core.upstream;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One Vert.x HTTP client, hence one connection pool, per event loop. A Vert.x pool hands any idle connection to any
 * caller, and a connection belongs to the event loop that opened it: with one shared client, a call served on loop A
 * often rides a connection of loop B, so B writes the request and the answer hops back to A, two cross-thread hand-offs
 * (a task queue and a wake-up) on every call. With a client per loop, a call's connection was opened by the loop that
 * serves its caller and the whole exchange runs on one thread, as with nginx's or Envoy's per-worker pools.
 * Callers off the event loops (tests, worker threads) share one more client.
 */
final class LoopAffineClients {

    private final EventExecutor[] loops;
    private final HttpClient[] clients;
    private final HttpClient offLoop;

    /**
     * @param maxConnectionsPerHost split evenly between the loops' pools (rounded up), so the configured figure still
     *                              bounds the connections the event loops hold to one host
     */
    LoopAffineClients(Vertx vertx, HttpClientOptions http, int maxConnectionsPerHost) {
        List<EventExecutor> group = new ArrayList<>();
        vertx.nettyEventLoopGroup().forEach(group::add);
        this.loops = group.toArray(EventExecutor[]::new);
        int loopCount = Math.max(1, loops.length);
        int perLoop = Math.max(1, (maxConnectionsPerHost + loopCount - 1) / loopCount);
        this.clients = new HttpClient[loops.length];
        for (int i = 0; i < loops.length; i++) {
            clients[i] = vertx.createHttpClient(http, new PoolOptions().setHttp1MaxSize(perLoop));
        }
        this.offLoop = vertx.createHttpClient(http, new PoolOptions().setHttp1MaxSize(perLoop));
    }

    /** The client whose connections live on the calling thread's event loop. */
    HttpClient current() {
        // A handful of loops (twice the cores by default): a scan of thread comparisons beats any map lookup.
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].inEventLoop()) {
                return clients[i];
            }
        }
        return offLoop;
    }

    /** How many event-loop clients there are (for tests). */
    int loopCount() {
        return loops.length;
    }

    void close() {
        for (HttpClient c : clients) {
            c.close();
        }
        offLoop.close();
    }
}
