package io.llmrouter.service.it;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;

/** Requests the tests send to the router. */
public final class Clients {

    private Clients() {
    }

    /** A request to the management interface (health, metrics), which listens on its own port. */
    static RequestSpecification management() {
        return given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class));
    }

    /**
     * Sends {@code request} as is on a new connection and returns everything the router answers until it closes the
     * connection; fails if it keeps the connection open (the socket's read timeout only detects a hang).
     */
    public static String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A minimal OpenAI Chat Completions body. */
    static String openaiBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    /** A non-streamed OpenAI call with a Bearer key. */
    static Response openai(String key, String model) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(openaiBody(model, false)).post("/v1/chat/completions");
    }

    /**
     * Opens a streamed OpenAI call on a raw socket and returns once the first chunk (containing {@code expect}) has
     * arrived, so the test controls exactly when the client goes away.
     */
    static Socket openStream(String key, String model, String expect) throws IOException {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        socket.setSoTimeout(20_000);
        byte[] body = openaiBody(model, true).getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + body.length
                + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(expect) < 0) {
            int c = in.read();
            if (c < 0) {
                socket.close();
                throw new IOException("stream ended before '" + expect + "': " + seen);
            }
            seen.append((char) c);
        }
        if (!seen.toString().startsWith("HTTP/1.1 200")) {
            socket.close();
            throw new IOException("unexpected answer: " + seen);
        }
        return socket;
    }

    /** Reads a stream opened by {@link #openStream} until {@code marker} has passed; returns the bytes read. */
    static long readThrough(Socket socket, String marker) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[64 * 1024];
        StringBuilder tail = new StringBuilder();
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            tail.append(new String(buf, Math.max(0, n - 256), Math.min(n, 256), StandardCharsets.ISO_8859_1));
            if (tail.indexOf(marker) >= 0) {
                return total;
            }
            tail.delete(0, Math.max(0, tail.length() - 256));
        }
        throw new IOException("stream ended before '" + marker + "' after " + total + " bytes");
    }
}
