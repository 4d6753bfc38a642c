package io.llmrouter.core.upstream;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Vert.x HTTP client, hence one connection pool, per event loop. A Vert.x pool hands any idle connection to any
 * caller, and a connection belongs to the event loop that opened it: with one shared client, a call served on loop A
 * often rides a connection of loop B, so B writes the request and the answer hops back to A, two cross-thread hand-offs
 * (a task queue and a wake-up) on every call. With a client per loop, a call's connection was opened by the loop that
 * serves its caller and the whole exchange runs on one thread, as with nginx's or Envoy's per-worker pools.
 * Callers off the event loops (tests, worker threads) share one more client.
 */
final class LoopAffineClients {

    private final Vertx vertx;
    private final HttpClientOptions http;
    private final PoolOptions pool;
    private final HttpClient offLoop;
    /** By event-loop thread, created on a loop's first call: a handful (two per core by default). */
    private final Map<Thread, HttpClient> byLoop = new ConcurrentHashMap<>();

    /**
     * @param maxConnectionsPerHost split evenly (rounded up) between the default number of event loops, two per core,
     *                              so that the configured figure still bounds the connections held to one host
     */
    LoopAffineClients(Vertx vertx, HttpClientOptions http, int maxConnectionsPerHost) {
        this.vertx = vertx;
        this.http = http;
        int loops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        this.pool = new PoolOptions().setHttp1MaxSize(Math.max(1, (maxConnectionsPerHost + loops - 1) / loops));
        this.offLoop = vertx.createHttpClient(http, pool);
    }

    /** The client whose connections live on the calling thread's event loop. */
    HttpClient current() {
        if (!Context.isOnEventLoopThread()) {
            return offLoop;
        }
        Thread loop = Thread.currentThread();
        HttpClient client = byLoop.get(loop);
        return client != null ? client : byLoop.computeIfAbsent(loop, t -> vertx.createHttpClient(http, pool));
    }

    void close() {
        byLoop.values().forEach(HttpClient::close);
        offLoop.close();
    }
}
