import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * The streaming half of the service benchmark (bench/run.sh), as one single-file program.
 *
 * <pre>
 * java -Dsun.net.httpserver.nodelay=true StreamBench.java server PORT CHUNKS DELAY_MS
 *     a loopback Anthropic Messages upstream whose streams send CHUNKS chunks DELAY_MS apart (first one at once)
 * java StreamBench.java client WARMUP RUNS DIRECT_PORT DIRECT_PATH DIRECT_BODY ROUTER_PORT ROUTER_PATH ROUTER_BODY KEY
 *     measures time to first body byte and to the end of the stream, direct vs through the router, interleaved
 * </pre>
 */
public class StreamBench {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("server")) {
            server(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
        } else if (args.length == 10 && args[0].equals("client")) {
            client(args);
        } else {
            System.err.println("usage: see the class comment");
            System.exit(2);
        }
    }

    // ---- paced upstream ---------------------------------------------------------------------------------------

    private static final String[] WORDS = ("In late September the Atlantic off Lisbon is usually around 19 to 20 "
            + "degrees Celsius, a little cooler than the Mediterranean and still pleasant").split(" ");

    static void server(int port, int chunks, long delayMs) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        http.setExecutor(Executors.newFixedThreadPool(16));
        http.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                stream(ex, chunks, delayMs);
            } catch (IOException e) {
                // the client went away; nothing to clean up
            }
        });
        http.start();
        System.out.println("stream upstream on 127.0.0.1:" + port);
    }

    private static void stream(HttpExchange ex, int chunks, long delayMs) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        long start = System.nanoTime();
        for (int i = 0; i < chunks; i++) {
            StringBuilder sb = new StringBuilder(512);
            if (i == 0) {
                sb.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":71,"
                        + "\"output_tokens\":1}}}\n\n");
                sb.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
            }
            sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"").append(i == 0 ? "" : " ")
                    .append(WORDS[i % WORDS.length]).append("\"}}\n\n");
            if (i == chunks - 1) {
                sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
                sb.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                        + "\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + chunks + "}}\n\n");
                sb.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (i < chunks - 1) {
                long due = start + (i + 1) * delayMs * 1_000_000L;
                for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
        }
    }

    // ---- measuring client -------------------------------------------------------------------------------------

    /** One measured stream: nanoseconds to the first body byte and to the terminating chunk, and bursts seen. */
    record Sample(long firstNanos, long lastNanos, int bursts) {
    }

    static void client(String[] a) throws Exception {
        int warmup = Integer.parseInt(a[1]);
        int runs = Integer.parseInt(a[2]);
        Target direct = new Target(Integer.parseInt(a[3]), a[4], Files.readAllBytes(Path.of(a[5])), null);
        Target router = new Target(Integer.parseInt(a[6]), a[7], Files.readAllBytes(Path.of(a[8])), a[9]);
        for (int i = 0; i < warmup; i++) {
            direct.measure();
            router.measure();
        }
        List<Sample> d = new ArrayList<>();
        List<Sample> r = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            d.add(direct.measure());
            r.add(router.measure());
        }
        direct.close();
        router.close();
        long dFirst = median(d, Sample::firstNanos);
        long rFirst = median(r, Sample::firstNanos);
        long dLast = median(d, Sample::lastNanos);
        long rLast = median(r, Sample::lastNanos);
        int minBursts = r.stream().mapToInt(Sample::bursts).min().orElse(0);
        int directBursts = d.stream().mapToInt(Sample::bursts).min().orElse(0);
        // one machine-readable line, times in microseconds
        System.out.printf("STREAM direct_first=%d router_first=%d added_first=%d direct_last=%d router_last=%d "
                        + "added_last=%d router_first_p90=%d direct_first_p90=%d min_bursts_router=%d "
                        + "min_bursts_direct=%d runs=%d%n",
                dFirst / 1000, rFirst / 1000, (rFirst - dFirst) / 1000, dLast / 1000, rLast / 1000,
                (rLast - dLast) / 1000, pct(r, Sample::firstNanos, 90) / 1000, pct(d, Sample::firstNanos, 90) / 1000,
                minBursts, directBursts, runs);
    }

    interface Field {
        long of(Sample s);
    }

    static long median(List<Sample> s, Field f) {
        return pct(s, f, 50);
    }

    static long pct(List<Sample> s, Field f, int p) {
        long[] v = s.stream().mapToLong(f::of).toArray();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)];
    }

    /** One keep-alive HTTP/1.1 connection to a host, reading chunked streams until the terminating chunk. */
    static final class Target {
        private final int port;
        private final byte[] request;
        private Socket socket;

        Target(int port, String path, byte[] body, String key) {
            this.port = port;
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/json\r\nAccept: text/event-stream\r\n"
                    + "anthropic-version: 2023-06-01\r\n"
                    + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            this.request = Arrays.copyOf(h, h.length + body.length);
            System.arraycopy(body, 0, request, h.length, body.length);
        }

        Sample measure() throws IOException {
            if (socket == null) {
                socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
            }
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[65536];
            byte[] all = new byte[1 << 20];
            int len = 0;
            int headerEnd = -1;
            long first = -1;
            long lastRead = 0;
            int bursts = 0;
            long start = System.nanoTime();
            socket.getOutputStream().write(request);
            while (true) {
                int n = in.read(buf);
                long now = System.nanoTime();
                if (n < 0) {
                    throw new IOException("connection closed before the end of the stream; received: "
                            + new String(all, 0, len, StandardCharsets.UTF_8));
                }
                System.arraycopy(buf, 0, all, len, n);
                len += n;
                if (headerEnd < 0) {
                    headerEnd = indexOf(all, len, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    if (headerEnd >= 0) {
                        String status = new String(all, 0, 12, StandardCharsets.US_ASCII);
                        if (!status.endsWith("200")) {
                            throw new IOException("stream answered " + new String(all, 0, len,
                                    StandardCharsets.UTF_8));
                        }
                        headerEnd += 4;
                    }
                }
                if (headerEnd >= 0 && len > headerEnd) {
                    if (first < 0) {
                        first = now - start;
                    }
                    if (now - lastRead > 3_000_000L) {
                        bursts++; // a read more than 3 ms after the previous one: a separately delivered chunk
                    }
                    lastRead = now;
                    if (endsWith(all, len, "\r\n0\r\n\r\n")) {
                        return new Sample(first, now - start, bursts);
                    }
                }
            }
        }

        void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
        }
    }

    static int indexOf(byte[] a, int len, byte[] pat) {
        outer:
        for (int i = 0; i + pat.length <= len; i++) {
            for (int j = 0; j < pat.length; j++) {
                if (a[i + j] != pat[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean endsWith(byte[] a, int len, String s) {
        byte[] p = s.getBytes(StandardCharsets.US_ASCII);
        if (len < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (a[len - p.length + i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}
