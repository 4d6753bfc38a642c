package io.llmrouter.service.inbound;

import static io.llmrouter.service.inbound.RawClient.connect;
import static io.llmrouter.service.inbound.RawClient.send;
import static io.llmrouter.service.inbound.RawClient.trickle;
import static io.llmrouter.service.inbound.RawClient.untilClosed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.testing.CapturedLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow clients on raw sockets against short deadlines ({@link SlowClientsProfile}: 1 s for a head or a body, 2 s of
 * keep-alive): a request head or body that does not arrive in time, even a byte at a time, ends with 408 (in the
 * caller's format when its head said which) and a closed connection; an idle kept-alive connection is closed. Each
 * test waits for the router to close the connection; without the deadlines it would stay open until the HTTP idle
 * timeout, ten minutes away, and the test would fail on its read timeout.
 */
@QuarkusTest
@TestProfile(SlowClientsProfile.class)
class SlowClientsTest {

    private static final String LOCAL = "127.0.0.1";

    @Inject
    InboundGuard guard;
    @Inject
    MeterRegistry registry;

    @BeforeEach
    void guardWatchesTheApiPort() throws Exception {
        guard.installed().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aHeadSentAByteAtATimeIsCutOffAtTheHeadTimeout() throws Exception {
        double before = timedOut("head");
        trickledUntilClosed("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: sim-key\r\nX-Slow: ",
                (byte) 'a');
        assertEquals(before + 1, timedOut("head"));
    }

    @Test
    void aBodyThatStopsHalfwayIs408InTheCallersFormat() throws Exception {
        double before = timedOut("body");
        String[][] routes = {
                {"/v1/messages", "x-api-key: sim-key",
                 "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\""},
                {"/v1/chat/completions", "Authorization: Bearer sim-key", "{\"error\":{\"message\":"},
                {"/v1beta/models/sim-model:generateContent", "x-goog-api-key: sim-key",
                 "\"status\":\"INVALID_ARGUMENT\""},
                {"/v2/chat", "Authorization: Bearer sim-key", "\"id\":"}};
        List<LogRecord> logged = CapturedLog.everything(() -> {
            for (String[] route : routes) {
                try (Socket socket = connect(LOCAL)) {
                    send(socket, "POST " + route[0] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + route[1]
                            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":");
                    String answer = untilClosed(socket);
                    assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
                    assertTrue(answer.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
                    assertTrue(answer.contains(route[2]), answer);
                    assertTrue(answer.contains("The request body was not received within 1 s of its head"), answer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertTrue(logged.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                        || r.getThrown() != null),
                () -> "a slow client is not the router's error: "
                        + logged.stream().map(LogRecord::getMessage).toList());
        assertEquals(before + routes.length, timedOut("body"));
    }

    @Test
    void aBodySentAByteAtATimeIsCutOffAtTheBodyTimeout() throws Exception {
        double before = timedOut("body");
        trickledUntilClosed("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sim-key"
                + "\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{\"model\":\"sim-model\",",
                (byte) ' ');
        assertEquals(before + 1, timedOut("body"));
    }

    @Test
    void aKeptAliveConnectionServesRequestsThenClosesWhenIdle() throws Exception {
        double before = timedOut("idle");
        try (Socket socket = connect(LOCAL)) {
            for (int i = 0; i < 3; i++) {
                send(socket, "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sim-key\r\n\r\n");
                assertTrue(RawClient.response(socket).startsWith("HTTP/1.1 200 "));
            }
            // Nothing more: the connection is closed without an answer once the keep-alive timeout has passed.
            assertEquals("", untilClosed(socket));
        }
        assertEquals(before + 1, timedOut("idle"));
    }

    /**
     * Sends {@code start}, then {@code b} every 50 ms, until the router closes the connection, which it must do while
     * the bytes still arrive; whatever it answered first is a 408.
     */
    private static void trickledUntilClosed(String start, byte b) throws IOException {
        AtomicInteger sent = new AtomicInteger();
        try (Socket socket = connect(LOCAL)) {
            send(socket, start);
            ScheduledFuture<?> trickling = trickle(socket, b, sent);
            String answer;
            try {
                answer = untilClosed(socket);
            } finally {
                trickling.cancel(false);
            }
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408 "), answer);
        }
        assertTrue(sent.get() > 0, "the request was still arriving, a byte every 50 ms, when the connection closed");
    }

    private double timedOut(String phase) {
        var counter = registry.find("router_http_requests_timed_out").tag("phase", phase).counter();
        return counter == null ? 0 : counter.count();
    }
}
