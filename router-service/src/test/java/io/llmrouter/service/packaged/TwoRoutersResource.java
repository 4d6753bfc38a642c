package io.llmrouter.service.packaged;

import io.llmrouter.core.testing.EmbeddedRedis;
import io.llmrouter.core.testing.Eventually;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two routers on one Redis: starts a real Redis, then the packaged application as a process of its own (replica b,
 * on free ports, log in {@code target/replica-b.log}), and hands @QuarkusIntegrationTest the same configuration for
 * replica a, which it starts from the same package. Tenant {@code pair}: an endpoint {@code bad} whose upstream
 * refuses its key (401) and a dearer {@code good}, both on replica b's simulator, so both replicas configure the very
 * same upstreams.
 */
public class TwoRoutersResource implements QuarkusTestResourceLifecycleManager {

    static final String KEY = "pair-inbound-key-7e21";
    /** Requests per minute of tenant {@code limited}, for both replicas together. */
    static final int RPM = 20;
    /** Budget of tenant {@code spender} in its period, for both replicas together. */
    static final double BUDGET_USD = 0.5;
    private static volatile int portB;
    private static volatile int managementB;
    private static volatile EmbeddedRedis redis;
    private Process replicaB;

    @Override
    public Map<String, String> start() {
        redis = EmbeddedRedis.start();
        portB = EmbeddedRedis.freePort();
        managementB = EmbeddedRedis.freePort();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("quarkus.redis.hosts", redis.uri());
        c.put("router.state.store", "redis");
        // The bounds under test hold while Redis answers: on a loaded test machine an answer may take longer than
        // the default 250 ms, which would count as an outage (and a local share) rather than a late answer.
        c.put("router.state.redis.timeout", "5s");
        c.put("router.tenants.pair.api-keys", KEY);
        for (String ep : List.of("bad", "good")) {
            c.put("router.tenants.pair.keys." + ep + ".protocol", "openai");
            c.put("router.tenants.pair.keys." + ep + ".base-url", "http://127.0.0.1:" + portB + "/simulator/"
                    + (ep.equals("bad") ? "fail-401" : "ok") + "/openai");
            c.put("router.tenants.pair.keys." + ep + ".api-key", "sim-key-" + ep);
            String e = "router.tenants.pair.endpoints." + ep + ".";
            c.put(e + "key", ep);
            c.put(e + "model", "gpt-4o-mini");
            c.put(e + "models", "pair-model");
            c.put(e + "input-price", ep.equals("bad") ? "0.001" : "0.002");
            c.put(e + "output-price", "0.002");
        }
        // Limits of their own, on the good upstream alone: requests per minute, and a budget for one period that
        // began an hour ago (the test lies inside it).
        for (String tenant : List.of("limited", "spender")) {
            c.put("router.tenants." + tenant + ".api-keys", tenant + "-inbound-key-7e21");
            c.put("router.tenants." + tenant + ".keys.good.protocol", "openai");
            c.put("router.tenants." + tenant + ".keys.good.base-url", "http://127.0.0.1:" + portB
                    + "/simulator/ok/openai");
            c.put("router.tenants." + tenant + ".keys.good.api-key", "sim-key-good");
            c.put("router.tenants." + tenant + ".endpoints.good.key", "good");
            c.put("router.tenants." + tenant + ".endpoints.good.model", "gpt-4o-mini");
            c.put("router.tenants." + tenant + ".endpoints.good.input-price", "1");
            c.put("router.tenants." + tenant + ".endpoints.good.output-price", "1");
        }
        c.put("router.tenants.limited.requests-per-minute", Integer.toString(RPM));
        c.put("router.tenants.spender.budget.usd", Double.toString(BUDGET_USD));
        c.put("router.tenants.spender.budget.period", "P1D");
        c.put("router.tenants.spender.budget.period-anchor", Instant.now().minus(Duration.ofHours(1))
                .truncatedTo(ChronoUnit.SECONDS).toString());
        replicaB = startReplicaB(c);
        return c;
    }

    private static Process startReplicaB(Map<String, String> config) {
        Path nativeRunner = Path.of(System.getProperty("native.image.path", "target/none"));
        List<String> command = new ArrayList<>();
        if (Files.isRegularFile(nativeRunner)) {
            command.add(nativeRunner.toAbsolutePath().toString());
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        }
        command.add("-Dquarkus.profile=demo");
        command.add("-Dquarkus.http.port=" + portB);
        command.add("-Dquarkus.management.port=" + managementB);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (!Files.isRegularFile(nativeRunner)) {
            command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "replica-b.log").toFile()).start();
            awaitReady(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start replica b", e);
        }
    }

    /** Waits (at most a minute) until replica b answers its readiness probe. */
    private static void awaitReady(Process p) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementB + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            Eventually.await(Duration.ofMinutes(1), () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("replica b exited with " + p.exitValue()
                            + ": see target/replica-b.log");
                }
                return answers(http, ready);
            }, () -> "replica b was not ready: see target/replica-b.log");
        } catch (AssertionError notReady) {
            p.destroyForcibly();
            throw notReady;
        }
    }

    private static boolean answers(HttpClient http, HttpRequest ready) {
        try {
            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (replicaB != null) {
            replicaB.destroy();
            try {
                if (!replicaB.waitFor(30, TimeUnit.SECONDS)) {
                    replicaB.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        redis.stop();
    }

    /** Replica b's API port. */
    static int portB() {
        return portB;
    }

    /** Replica b's management port. */
    static int managementB() {
        return managementB;
    }

    /** The Redis both replicas share. */
    static EmbeddedRedis redis() {
        return redis;
    }
}
