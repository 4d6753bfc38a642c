package io.llmrouter.service.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Multi;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Back-pressure, cancellation and termination of {@link StreamWriter}, against a scripted response. */
class StreamWriterTest {

    @Test
    void framesGoOutInOrderOneRequestedAtATimeAndTheStreamEnds() {
        FakeResponse response = new FakeResponse();
        AtomicLong requested = new AtomicLong();
        frames(5).onRequest().invoke(requested::addAndGet).subscribe().withSubscriber(writer(response));
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4"), response.written);
        assertTrue(response.ended);
        assertEquals(6, requested.get(), "one request per frame, plus the one that saw the end");
    }

    @Test
    void aFullWriteQueueStopsRequestingUntilTheSocketDrains() {
        FakeResponse response = new FakeResponse();
        response.queueFull = true;
        AtomicLong requested = new AtomicLong();
        frames(3).onRequest().invoke(requested::addAndGet).subscribe().withSubscriber(writer(response));
        assertEquals(List.of("f0"), response.written, "nothing more is asked for while the queue is full");
        assertEquals(1, requested.get());

        response.queueFull = false;
        response.drainHandler.handle(null);
        assertEquals(List.of("f0", "f1", "f2"), response.written);
        assertTrue(response.ended);
    }

    @Test
    void aCallerClosingTheConnectionCancelsTheStream() {
        FakeResponse response = new FakeResponse();
        response.queueFull = true;
        AtomicBoolean cancelled = new AtomicBoolean();
        frames(3).onCancellation().invoke(() -> cancelled.set(true)).subscribe()
                .withSubscriber(writer(response));
        response.closed = true;
        response.closeHandler.handle(null);
        assertTrue(cancelled.get(), "the upstream call is cancelled with the stream");
        assertFalse(response.ended);
    }

    @Test
    void aFailingStreamCutsTheResponseShortInsteadOfEndingIt() {
        FakeResponse response = new FakeResponse();
        Multi.createBy().concatenating().streams(frames(1), Multi.createFrom().<byte[]>failure(
                new IllegalStateException("bug"))).subscribe().withSubscriber(writer(response));
        assertEquals(List.of("f0"), response.written);
        assertTrue(response.cut);
        assertFalse(response.ended, "a clean end would make a truncated stream look complete");
    }

    private static StreamWriter writer(FakeResponse response) {
        return new StreamWriter(response.proxy, response::cutShort);
    }

    private static Multi<byte[]> frames(int n) {
        return Multi.createFrom().range(0, n).map(i -> ("f" + i).getBytes(StandardCharsets.UTF_8));
    }

    /** The part of {@link HttpServerResponse} that {@link StreamWriter} uses, scripted. */
    private static final class FakeResponse {
        final List<String> written = new ArrayList<>();
        boolean queueFull;
        boolean closed;
        boolean ended;
        boolean cut;
        Handler<Void> drainHandler;
        Handler<Void> closeHandler;
        final HttpServerResponse proxy;

        void cutShort() {
            cut = true;
        }

        @SuppressWarnings("unchecked")
        FakeResponse() {
            proxy = (HttpServerResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServerResponse.class}, (self, method, args) -> switch (method.getName()) {
                        case "write" -> {
                            written.add(((Buffer) args[0]).toString(StandardCharsets.UTF_8));
                            yield null;
                        }
                        case "writeQueueFull" -> queueFull;
                        case "closed" -> closed;
                        case "ended" -> ended;
                        case "drainHandler" -> {
                            drainHandler = (Handler<Void>) args[0];
                            yield self;
                        }
                        case "closeHandler" -> {
                            closeHandler = (Handler<Void>) args[0];
                            yield self;
                        }
                        case "end" -> {
                            ended = true;
                            yield null;
                        }
                        default -> throw new AssertionError("StreamWriter is not expected to call " + method.getName());
                    });
        }
    }
}
