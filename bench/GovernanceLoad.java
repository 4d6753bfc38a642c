import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load half of bench/governance.sh, as one single-file program: drives two routers that share one Redis with
 * chat calls of three tenants at once (a request rate, a token rate, a budget), then prints, per UTC minute, the limit
 * set against what the two let through, and the budget set against what was spent.
 *
 * <pre>
 * java GovernanceLoad.java BODY SECONDS CONNECTIONS REDIS_PORT RPM TPM BUDGET_USD ROUTER:MANAGEMENT ROUTER:MANAGEMENT
 * </pre>
 *
 * The load starts one second into the next UTC minute. CONNECTIONS calls are kept in flight per router and tenant. A
 * call counts in the minute it was sent in: the router
 * admits it as it arrives, milliseconds later on the same machine. Redis' own counters are read at the end.
 */
public class GovernanceLoad {

    /** The tenants of the bench's tenant file, by what limits them. */
    private static final String[] TENANTS = {"rate", "tokens", "budget"};
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** What one tenant's calls got in one UTC minute. */
    private static final class Counts {
        final LongAdder served = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder other = new LongAdder();
        final LongAdder tokens = new LongAdder();
        final LongAdder nanoUsd = new LongAdder();
    }

    private static final Map<String, Map<Long, Counts>> COUNTS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: see the class comment");
            System.exit(2);
        }
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        long seconds = Long.parseLong(args[1]);
        int connections = Integer.parseInt(args[2]);
        int redisPort = Integer.parseInt(args[3]);
        long rpm = Long.parseLong(args[4]);
        long tpm = Long.parseLong(args[5]);
        double budget = Double.parseDouble(args[6]);
        String[] routers = {args[7], args[8]};

        // From one second into the next UTC minute: the first minute is whole.
        long now = System.currentTimeMillis();
        Thread.sleep(60_000 - now % 60_000 + 1_000);
        System.out.printf(Locale.ROOT, "load: %d s from %s UTC, %d calls in flight per router and tenant%n", seconds,
                DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC).format(Instant.now()), connections);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (String router : routers) {
            URI uri = URI.create("http://127.0.0.1:" + router.split(":")[0] + "/v1/chat/completions");
            for (String tenant : TENANTS) {
                for (int i = 0; i < connections; i++) {
                    Thread t = new Thread(() -> drive(http, uri, tenant, body, deadline), tenant + "-" + i);
                    t.start();
                    workers.add(t);
                }
            }
        }
        for (Thread t : workers) {
            t.join();
        }
        // Replicas flush what calls really used with their next store call: a last round trip per meter.
        Thread.sleep(1500);

        Map<String, Long> redis = redis(redisPort);
        double costMetric = 0;
        long localShares = 0;
        for (String router : routers) {
            String metrics = get(http, "http://127.0.0.1:" + router.split(":")[1] + "/q/metrics");
            costMetric += sum(metrics, "router_cost_usd_total", "tenant=\"budget\"");
            localShares += (long) sum(metrics, "router_state_local_shares_total", "");
        }

        System.out.printf(Locale.ROOT, "%nrequests per minute, tenant rate: limit %d for both routers together%n", rpm);
        System.out.println("minute (UTC)  sent in it  let through  refused 429  other  claimed in Redis");
        windows("rate").forEach((minute, c) -> System.out.printf(Locale.ROOT, "%-12s  %10.1fs %11d %12d %6d %17s%n",
                MINUTE.format(Instant.ofEpochSecond(minute)), span(minute, deadline, seconds), c.served.sum(),
                c.refused.sum(), c.other.sum(), redis.getOrDefault(key("rate", "rpm", minute), 0L)));

        System.out.printf(Locale.ROOT, "%ntokens per minute, tenant tokens: limit %d for both routers together%n", tpm);
        System.out.println("minute (UTC)  sent in it  calls let through  tokens let through  refused 429  "
                + "tokens spent (Redis)");
        windows("tokens").forEach((minute, c) -> System.out.printf(Locale.ROOT, "%-12s  %10.1fs %18d %19d %12d %21s%n",
                MINUTE.format(Instant.ofEpochSecond(minute)), span(minute, deadline, seconds), c.served.sum(),
                c.tokens.sum(), c.refused.sum(), redis.getOrDefault(key("tokens", "tpm", minute) + ":spent", 0L)));

        long served = 0;
        long refused = 0;
        long nanoUsd = 0;
        for (Counts c : windows("budget").values()) {
            served += c.served.sum();
            refused += c.refused.sum();
            nanoUsd += c.nanoUsd.sum();
        }
        long spentRedis = redis.entrySet().stream()
                .filter(e -> e.getKey().contains("{budget}:budget:tenant:") && e.getKey().endsWith(":spent"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf(Locale.ROOT, "%nbudget, tenant budget: USD %.2f per period for both routers together%n",
                budget);
        System.out.printf(Locale.ROOT, "calls let through %d, refused 429 %d%n", served, refused);
        System.out.printf(Locale.ROOT, "spent: USD %.6f by x-router-cost-usd, USD %.6f by router_cost_usd_total of "
                + "both, USD %.6f in Redis%n", nanoUsd / 1e9, costMetric, spentRedis / 1e9);
        System.out.printf(Locale.ROOT, "%nlocal shares taken (Redis late or away, fail-open): %d%n", localShares);
    }

    /** Calls one after another until the deadline, each counted in the UTC minute it was sent in. */
    private static void drive(HttpClient http, URI uri, String tenant, byte[] body, long deadline) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tenant + "-bench-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        while (System.nanoTime() < deadline) {
            long minute = Instant.now().getEpochSecond() / 60 * 60;
            Counts c = COUNTS.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
                    .computeIfAbsent(minute, m -> new Counts());
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    c.served.increment();
                    c.tokens.add(header(r, "x-router-input-tokens") + header(r, "x-router-output-tokens"));
                    c.nanoUsd.add(Math.round(Double.parseDouble(r.headers().firstValue("x-router-cost-usd")
                            .orElse("0")) * 1e9));
                } else if (r.statusCode() == 429) {
                    c.refused.increment();
                } else {
                    c.other.increment();
                }
            } catch (IOException e) {
                c.other.increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long header(HttpResponse<?> r, String name) {
        return Long.parseLong(r.headers().firstValue(name).orElse("0"));
    }

    private static Map<Long, Counts> windows(String tenant) {
        return new TreeMap<>(COUNTS.getOrDefault(tenant, Map.of()));
    }

    /** Seconds of the run that fell into the minute starting at {@code minute} (epoch seconds). */
    private static double span(long minute, long deadlineNanos, long seconds) {
        double end = Instant.now().getEpochSecond() - (System.nanoTime() - deadlineNanos) / 1e9;
        double start = end - seconds;
        return Math.max(0, Math.min(minute + 60, end) - Math.max(minute, start));
    }

    /** The Redis key of a tenant's own counter of one window. */
    private static String key(String tenant, String dimension, long windowStart) {
        return "llm-router:{" + tenant + "}:" + dimension + ":tenant:" + windowStart;
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a Prometheus counter's samples whose labels contain {@code labels}. */
    private static double sum(String metrics, String name, String labels) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$").matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    /** Every counter Redis holds under the routers' prefix, by key ({@code KEYS} is fine on the bench's tiny data). */
    private static Map<String, Long> redis(int port) throws IOException {
        Map<String, Long> values = new TreeMap<>();
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (Object k : (List<?>) command(out, in, "KEYS", "llm-router:{*}:*:*")) {
                String key = (String) k;
                Object v = command(out, in, "TYPE", key).equals("string") ? command(out, in, "GET", key) : null;
                if (v instanceof String text && text.matches("-?\\d+")) {
                    values.put(key, Long.parseLong(text));
                }
            }
        }
        return values;
    }

    /** One command in Redis' protocol (RESP); the answer as a String, Long or List. */
    private static Object command(OutputStream out, InputStream in, String... args) throws IOException {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply(in);
    }

    private static Object reply(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(reply(in));
                }
                return items;
            }
            default:
                throw new IOException("not a Redis reply: " + (char) type + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            b.append((char) c);
        }
        in.read();
        return b.toString();
    }
}
