package io.llmrouter.core.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.testing.Stalls;
import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamStream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A streamed body is read only as fast as its subscriber asks for it: a caller that stops reading stops the router
 * reading the upstream (which then meets a full TCP window), instead of the router buffering the rest of the answer.
 * The idle timeout does not count the time the router itself is not asking.
 */
class VertxUpstreamTransportBackPressureTest {

    /** Far more than loopback's socket buffers and Vert.x's read window hold together. */
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 1024;
    private static final Duration IDLE = Duration.ofMillis(300);

    private Vertx vertx;
    private HttpServer server;
    private VertxUpstreamTransport transport;
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** The "/pause" upstream is done with its last chunk (sent, or refused by a reset connection). */
    private final CountDownLatch pauseSent = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Buffer chunk = Buffer.buffer(new byte[CHUNK]);
        server = vertx.createHttpServer().requestHandler(req -> req.end().onSuccess(v -> {
            HttpServerResponse resp = req.response().setChunked(true);
            req.connection().closeHandler(c -> closed.countDown());
            switch (req.path()) {
                // As much as the connection takes, as fast as it takes it.
                case "/big" -> writeWhileWritable(resp, chunk, new int[] {CHUNKS});
                // Two chunks at once, then silent for longer than the idle timeout, then a third and the end.
                case "/pause" -> {
                    resp.write("a");
                    resp.write("b");
                    vertx.setTimer(3 * IDLE.toMillis(), id -> resp.end("c").onComplete(e -> pauseSent.countDown()));
                }
                case "/quick" -> resp.end("abc");
                default -> resp.setStatusCode(404).end();
            }
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        transport = new VertxUpstreamTransport(vertx,
                new TransportOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), IDLE, 16, true));
    }

    private void writeWhileWritable(HttpServerResponse resp, Buffer chunk, int[] left) {
        while (left[0] > 0 && !resp.writeQueueFull()) {
            left[0]--;
            written.addAndGet(chunk.length());
            if (left[0] == 0) {
                resp.end(chunk).onSuccess(v -> ended.set(true));
                return;
            }
            resp.write(chunk);
        }
        if (left[0] > 0) {
            resp.drainHandler(v -> writeWhileWritable(resp, chunk, left));
        }
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private UpstreamStream open(String path) {
        return transport.stream(new UpstreamRequest("http://127.0.0.1:" + server.actualPort() + path,
                        Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), true))
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aSubscriberThatStopsAskingStopsTheUpstreamAndThenReadsItAll() throws Exception {
        Recorder recorder = new Recorder();
        open("/big").body().subscribe().withSubscriber(recorder);
        recorder.request(1);
        assertTrue(recorder.awaitFirstItem(), "the first chunk arrived");

        // The upstream writes until the connection stops taking data, then waits for its drain handler.
        long stalledAt = Stalls.awaitStall(written);
        long total = (long) CHUNK * CHUNKS;
        assertFalse(ended.get(), "the upstream could not finish while nobody read");
        assertTrue(stalledAt < total / 2, "the upstream stalled after " + stalledAt + " of " + total + " bytes");
        assertTrue(recorder.bytes.get() < stalledAt, "the subscriber got only what it asked for");

        recorder.request(Long.MAX_VALUE);
        assertTrue(recorder.done.await(30, TimeUnit.SECONDS), "the rest arrived once asked for");
        assertNull(recorder.failure.get());
        assertEquals(total, recorder.bytes.get());
        assertTrue(ended.get());
    }

    @Test
    void cancellingAStreamMidBodyClosesTheUpstreamConnection() throws Exception {
        Recorder recorder = new Recorder();
        open("/big").body().subscribe().withSubscriber(recorder);
        recorder.request(1);
        assertTrue(recorder.awaitFirstItem());
        recorder.subscription.get().cancel();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the upstream connection was reset");
        assertFalse(ended.get());
    }

    @Test
    void theIdleTimeoutDoesNotCountWhileTheSubscriberIsNotAsking() throws Exception {
        Recorder recorder = new Recorder();
        open("/pause").body().subscribe().withSubscriber(recorder);
        recorder.request(1);
        assertTrue(recorder.awaitFirstItem());
        // Not asking for more until the upstream has sent everything: three idle timeouts, most of them silent.
        assertTrue(pauseSent.await(10, TimeUnit.SECONDS), "the upstream got to its last chunk");
        recorder.request(Long.MAX_VALUE);
        assertTrue(recorder.done.await(10, TimeUnit.SECONDS));
        assertNull(recorder.failure.get(), "no timeout while the router was not asking");
        assertEquals("abc", recorder.text());
    }

    @Test
    void theIdleTimeoutStillCutsAnUpstreamSilentWhileTheRouterAsks() throws Exception {
        Recorder recorder = new Recorder();
        open("/pause").body().subscribe().withSubscriber(recorder);
        recorder.request(Long.MAX_VALUE);
        assertTrue(recorder.done.await(10, TimeUnit.SECONDS));
        assertEquals("no data from upstream for 300 ms", timeoutIn(recorder.failure.get()).getMessage());
        assertEquals("ab", recorder.text());
    }

    @Test
    void aBodyCanBeReadOnlyOnce() throws Exception {
        UpstreamStream stream = open("/quick");
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        stream.body().subscribe().withSubscriber(first);
        stream.body().subscribe().withSubscriber(second);
        assertTrue(second.done.await(10, TimeUnit.SECONDS));
        assertTrue(second.failure.get() instanceof IllegalStateException);
        first.request(Long.MAX_VALUE);
        assertTrue(first.done.await(10, TimeUnit.SECONDS));
        assertNull(first.failure.get());
        assertEquals("abc", first.text());
    }

    /** The timeout, as the cause Vert.x wraps it in when it resets the request. */
    private static TimeoutException timeoutIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException te) {
                return te;
            }
        }
        throw new AssertionError("no timeout in " + t, t);
    }

    /** A subscriber that asks only when told to. */
    private static final class Recorder implements Flow.Subscriber<byte[]> {

        final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        final List<byte[]> items = new CopyOnWriteArrayList<>();
        final AtomicLong bytes = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);
        private final CountDownLatch subscribed = new CountDownLatch(1);
        private final CountDownLatch firstItem = new CountDownLatch(1);

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            subscribed.countDown();
        }

        @Override
        public void onNext(byte[] item) {
            items.add(item);
            bytes.addAndGet(item.length);
            firstItem.countDown();
        }

        @Override
        public void onError(Throwable t) {
            failure.set(t);
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        void request(long n) throws InterruptedException {
            assertTrue(subscribed.await(10, TimeUnit.SECONDS));
            subscription.get().request(n);
        }

        boolean awaitFirstItem() throws InterruptedException {
            return firstItem.await(10, TimeUnit.SECONDS);
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            items.forEach(b -> sb.append(new String(b, StandardCharsets.UTF_8)));
            return sb.toString();
        }
    }
}
