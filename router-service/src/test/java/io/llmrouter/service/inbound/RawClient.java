package io.llmrouter.service.inbound;

import io.llmrouter.core.testing.Eventually;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** A client on a raw socket, for what no HTTP client library does: send part of a request, or send it slowly. */
final class RawClient {

    /** Longest a test waits for the router to close a connection: it only detects a router that never does. */
    private static final int HANG_MILLIS = 30_000;
    private static final ScheduledExecutorService TRICKLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trickler");
        t.setDaemon(true);
        return t;
    });

    private RawClient() {
    }

    /** A connection to the API port from {@code from}, a loopback address, so that tests can be several clients. */
    static Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port));
        socket.setSoTimeout(HANG_MILLIS);
        return socket;
    }

    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Everything the router sends until it closes the connection. A reset counts as closed: a client still sending
     * when the router closes gets one, and may lose the answer with it.
     */
    static String untilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // Closed with a reset.
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /** One complete response with a Content-Length, leaving the connection open. */
    static String response(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed before a whole response head: " + head);
            }
            head.append((char) c);
        }
        String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("content-length:");
        int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    /** Sends {@code b} every 50 ms until stopped or the connection fails; {@code sent} counts what went out. */
    static ScheduledFuture<?> trickle(Socket socket, byte b, AtomicInteger sent) {
        return TRICKLER.scheduleAtFixedRate(() -> {
            try {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
                sent.incrementAndGet();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    /** Waits until {@code value} reads {@code expected} (a condition, not a time: the wait only detects a hang). */
    static void await(IntSupplier value, int expected, String what) {
        Eventually.await(Duration.ofMillis(HANG_MILLIS), () -> value.getAsInt() == expected,
                () -> what + ": " + value.getAsInt() + ", expected " + expected);
    }
}
