package io.llmrouter.core.testing;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server on a loopback port, for tests of the shared state: the binary comes with the embedded-redis
 * artifact (Redis 6.2 for linux and macOS), so a fresh machine needs Maven only. No persistence, no eviction (as the
 * deployment's), output drained. {@link #call} speaks RESP over a socket of its own, so a test can read and write
 * keys without any client library.
 */
public final class EmbeddedRedis implements AutoCloseable {

    /** The binary, extracted once per JVM: the default provider writes a fresh 9.7 MB copy on every build. */
    private static File binary;

    private final int port;
    private final List<String> arguments;
    private RedisServer server;

    private EmbeddedRedis(int port, List<String> arguments) {
        this.port = port;
        this.arguments = arguments;
    }

    /** Starts a server on a free loopback port. */
    public static EmbeddedRedis start() {
        int port = freePort();
        EmbeddedRedis redis = new EmbeddedRedis(port, List.of("--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "noeviction"));
        redis.restart();
        return redis;
    }

    /**
     * Starts a server that reads {@code configFile} (whose {@code dir} must exist here: Redis changes into it while
     * reading the file), on a free loopback port, with {@code extra} command-line options after it.
     */
    public static EmbeddedRedis start(Path configFile, String... extra) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of(configFile.toAbsolutePath().toString(), "--bind", "127.0.0.1"));
        args.addAll(List.of(extra));
        EmbeddedRedis redis = new EmbeddedRedis(port, List.copyOf(args));
        redis.restart();
        return redis;
    }

    /** The port it listens on (the same after a restart). */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, for {@code quarkus.redis.hosts}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server (an outage); {@link #restart} brings it back on the same port, empty. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    /** Starts the server again on the same port (empty: nothing is persisted). */
    public synchronized void restart() {
        stop();
        List<String> command = new ArrayList<>();
        command.add(binary().getAbsolutePath());
        if (arguments.isEmpty() || arguments.get(0).startsWith("--")) {
            command.addAll(List.of("--port", Integer.toString(port)));
            command.addAll(arguments);
        } else {
            command.add(arguments.get(0));
            command.addAll(List.of("--port", Integer.toString(port)));
            command.addAll(arguments.subList(1, arguments.size()));
        }
        // The output listener drains stdout: the builder otherwise stops reading it at the ready line.
        RedisServer s = new RedisServer(port, command, true, line -> { }, line -> { });
        try {
            s.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = s;
    }

    /**
     * Sends one command and returns its reply as text: a status, error ({@code -ERR ...}) or integer line as sent
     * (without the type byte for integers and statuses), a bulk string's content ({@code null} for a nil), an array
     * as its items joined by newlines.
     */
    public String call(String... args) {
        return callAs(null, args);
    }

    /** {@link #call}, on a connection authenticated first with {@code password} (none when null). */
    public String callAs(String password, String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                send(out, "AUTH", password);
                String auth = read(in);
                if (!"OK".equals(auth)) {
                    return auth;
                }
            }
            send(out, args);
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(OutputStream out, String... args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Subscribes to {@code channel} on a connection of its own; the messages published there arrive in the returned
     * subscription's queue, read by a thread of its own until the subscription is closed.
     */
    public Subscription subscribe(String channel) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            OutputStream out = socket.getOutputStream();
            byte[] name = channel.getBytes(StandardCharsets.UTF_8);
            out.write(("*2\r\n$9\r\nSUBSCRIBE\r\n$" + name.length + "\r\n" + channel + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            read(in); // the subscription's confirmation
            return new Subscription(socket, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages of one channel as they arrive. */
    public static final class Subscription implements AutoCloseable {
        private final Socket socket;
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        private Subscription(Socket socket, InputStream in) {
            this.socket = socket;
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        // "message", channel, payload
                        String[] reply = read(in).split("\n", 3);
                        if (reply.length == 3 && reply[0].equals("message")) {
                            messages.add(reply[2]);
                        }
                    }
                } catch (IOException closed) {
                    // the subscription was closed, or the server stopped
                }
            }, "redis-subscription");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next message, waiting up to {@code timeout} for it; null when none came. */
        public String next(Duration timeout) throws InterruptedException {
            return messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static String read(InputStream in) throws IOException {
        String line = line(in);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+', ':':
                return rest;
            case '-':
                return line;
            case '$': {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(n + 2);
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(rest);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                return String.join("\n", items);
            }
            default:
                throw new IOException("unexpected reply " + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed mid-reply");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static synchronized File binary() {
        if (binary == null) {
            try {
                binary = ExecutableProvider.newJarResourceProvider().get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract redis-server from the embedded-redis artifact", e);
            }
        }
        return binary;
    }

    /** A loopback port nothing listens on now (Redis cannot be given port 0 and report the one it took). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
