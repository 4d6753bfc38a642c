package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.llmrouter.core.testing.EmbeddedRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The redis-state component, in every target that uses it (the router's env says {@code ROUTER_STATE_STORE=redis}),
 * and its absence elsewhere: the router reaches a rendered Redis with the password of a Secret, Redis is probed,
 * bounded, locked down and persistent, only the router may reach it, and its redis.conf is accepted by a real
 * redis-server.
 */
class RedisStateComponentTest {

    private static final String REDIS = "llm-router-redis";
    private static final int PORT = 6379;

    static Stream<String> withRedis() throws IOException {
        List<String> targets = Kustomize.targets().filter(t -> redis(Kustomize.render(t))).toList();
        assertFalse(targets.isEmpty(), "no overlay uses components/redis-state");
        return targets.stream();
    }

    static Stream<String> withoutRedis() throws IOException {
        return Kustomize.targets().filter(t -> !redis(Kustomize.render(t)));
    }

    private static boolean redis(Manifests m) {
        return m.envValue("ROUTER_STATE_STORE").filter("redis"::equals).isPresent();
    }

    private static Map<String, Object> statefulSet(Manifests m) {
        return m.find("StatefulSet", REDIS).orElseGet(() -> fail(m.target() + ": no StatefulSet " + REDIS));
    }

    private static Map<String, Object> redisContainer(Manifests m) {
        List<Object> containers = Yamls.list(statefulSet(m), "spec.template.spec.containers");
        assertEquals(1, containers.size(), m.target() + ": one container in the Redis pod");
        return Yamls.asMap(containers.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void theRouterReachesARenderedRedisThroughItsService(String target) {
        Manifests m = Kustomize.render(target);
        String hosts = m.envValue("QUARKUS_REDIS_HOSTS").orElseGet(() -> fail(target + ": QUARKUS_REDIS_HOSTS"));
        assertEquals("redis://" + REDIS + ":" + PORT, hosts, target);
        Map<String, Object> service = m.find("Service", REDIS).orElseGet(() -> fail(target + ": no Service " + REDIS));
        assertEquals(Yamls.map(statefulSet(m), "spec.template.metadata.labels").entrySet()
                        .containsAll(Yamls.map(service, "spec.selector").entrySet()), true,
                target + ": the Service selects the Redis pods");
        Object port = Yamls.list(service, "spec.ports").get(0);
        assertEquals(PORT, ((Number) Yamls.at(port, "port")).intValue(), target + ": Service port");
        Object containerPort = Yamls.list(redisContainer(m), "ports").stream()
                .filter(p -> Yamls.at(p, "name").equals(Yamls.at(port, "targetPort"))
                        || Yamls.at(p, "containerPort").equals(Yamls.at(port, "targetPort")))
                .map(p -> Yamls.at(p, "containerPort")).findFirst()
                .orElseGet(() -> fail(target + ": the Service's targetPort is no port of the Redis container"));
        assertEquals(PORT, ((Number) containerPort).intValue(), target);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void thePasswordComesFromOneSecretOnBothSides(String target) {
        Manifests m = Kustomize.render(target);
        Map<String, Object> routerRef = secretRef(m.container(), "QUARKUS_REDIS_PASSWORD", target);
        Map<String, Object> redisRef = secretRef(redisContainer(m), "REDIS_PASSWORD", target);
        assertEquals(routerRef, redisRef, target + ": the router and Redis use the same Secret and key");
        assertTrue(m.find("Secret", Yamls.str(routerRef, "name")).isPresent(), target + ": the Secret is rendered");
        assertEquals(List.of("/etc/redis/redis.conf", "--requirepass", "$(REDIS_PASSWORD)"),
                Yamls.list(redisContainer(m), "args"), target + ": Redis asks for the password");
    }

    private static Map<String, Object> secretRef(Map<String, Object> container, String name, String target) {
        Object env = Yamls.list(container, "env").stream().filter(e -> name.equals(Yamls.str(e, "name"))).findFirst()
                .orElseGet(() -> fail(target + ": " + name + " is not set"));
        assertEquals(null, Yamls.at(env, "value"), target + ": " + name + " must not be a literal");
        Map<String, Object> ref = Yamls.map(env, "valueFrom.secretKeyRef");
        assertFalse(ref.isEmpty(), target + ": " + name + " from a Secret");
        return ref;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void redisIsProbedBoundedLockedDownAndPersistent(String target) {
        Manifests m = Kustomize.render(target);
        Map<String, Object> c = redisContainer(m);
        String image = Yamls.str(c, "image");
        assertTrue(image.matches("redis:\\d+\\.\\d+\\.\\d+-alpine"), target + ": a pinned image, got " + image);
        assertNotNull(Yamls.at(c, "readinessProbe.exec"), target + ": readiness probe");
        assertNotNull(Yamls.at(c, "livenessProbe"), target + ": liveness probe");
        for (String r : List.of("cpu", "memory")) {
            assertTrue(Quantity.parse(Yamls.str(c, "resources.requests." + r))
                    <= Quantity.parse(Yamls.str(c, "resources.limits." + r)), target + ": " + r + " bounded");
        }
        Map<String, Object> pod = Yamls.map(statefulSet(m), "spec.template.spec");
        assertEquals(Boolean.TRUE, Yamls.at(pod, "securityContext.runAsNonRoot"), target);
        assertEquals("RuntimeDefault", Yamls.str(pod, "securityContext.seccompProfile.type"), target);
        assertEquals(Boolean.FALSE, Yamls.at(pod, "automountServiceAccountToken"), target);
        assertEquals(Boolean.TRUE, Yamls.at(c, "securityContext.readOnlyRootFilesystem"), target);
        assertEquals(Boolean.FALSE, Yamls.at(c, "securityContext.allowPrivilegeEscalation"), target);
        assertEquals(List.of("ALL"), Yamls.list(c, "securityContext.capabilities.drop"), target);
        String data = Yamls.list(c, "volumeMounts").stream().filter(v -> "/data".equals(Yamls.str(v, "mountPath")))
                .map(v -> Yamls.str(v, "name")).findFirst().orElseGet(() -> fail(target + ": /data is not mounted"));
        assertTrue(Yamls.list(statefulSet(m), "spec.volumeClaimTemplates").stream()
                .anyMatch(t -> data.equals(Yamls.str(t, "metadata.name"))), target + ": /data on a persistent volume");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void onlyTheRouterReachesRedisAndRedisReachesNothing(String target) {
        Manifests m = Kustomize.render(target);
        Map<String, Object> policy = m.find("NetworkPolicy", REDIS)
                .orElseGet(() -> fail(target + ": no NetworkPolicy for Redis"));
        assertEquals(Yamls.map(statefulSet(m), "spec.template.metadata.labels").get("app.kubernetes.io/name"),
                Yamls.map(policy, "spec.podSelector.matchLabels").get("app.kubernetes.io/name"), target);
        assertEquals(List.of("Ingress", "Egress"), Yamls.list(policy, "spec.policyTypes"), target);
        assertEquals(List.of(), Yamls.list(policy, "spec.egress"), target + ": Redis connects to nothing");
        List<Object> ingress = Yamls.list(policy, "spec.ingress");
        assertEquals(1, ingress.size(), target);
        assertEquals(List.of(Map.of("podSelector", Map.of("matchLabels",
                Map.of("app.kubernetes.io/name", m.podLabels().get("app.kubernetes.io/name"))))),
                Yamls.list(ingress.get(0), "from"), target + ": from the router's pods only");
        assertEquals(List.of(Map.of("protocol", "TCP", "port", PORT)), Yamls.list(ingress.get(0), "ports"), target);
        // The router's side: one egress rule to Redis' pods, on Redis' port alone.
        List<Object> toRedis = Yamls.list(m.routerPolicy(), "spec.egress").stream()
                .filter(r -> Yamls.list(r, "ports").contains(Map.of("protocol", "TCP", "port", PORT))).toList();
        assertEquals(1, toRedis.size(), target);
        assertEquals(List.of(Map.of("podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", REDIS)))),
                Yamls.list(toRedis.get(0), "to"), target);
        assertEquals(1, Yamls.list(toRedis.get(0), "ports").size(), target);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withRedis")
    void redisConfKeepsCountersAndIsAcceptedByARealRedis(String target, @TempDir Path dir) throws IOException {
        Manifests m = Kustomize.render(target);
        String configMap = Yamls.str(Yamls.list(Yamls.map(statefulSet(m), "spec.template.spec"), "volumes").stream()
                .filter(v -> Yamls.at(v, "configMap") != null).findFirst()
                .orElseGet(() -> fail(target + ": no config volume")), "configMap.name");
        Object conf0 = Yamls.map(m.find("ConfigMap", configMap)
                .orElseGet(() -> fail(target + ": ConfigMap " + configMap + " is not rendered")), "data").get("redis.conf");
        String conf = conf0 == null ? null : conf0.toString();
        assertNotNull(conf, target + ": redis.conf");
        for (String line : List.of("maxmemory-policy noeviction", "appendonly yes", "protected-mode yes", "dir /data")) {
            assertTrue(conf.lines().anyMatch(line::equals), target + ": redis.conf must say " + line);
        }
        // Redis changes into `dir` while it reads the file, so the test's copy points it at a directory that exists.
        Path file = Files.writeString(dir.resolve("redis.conf"), conf.replace("dir /data", "dir " + dir));
        try (EmbeddedRedis redis = EmbeddedRedis.start(file, "--requirepass", "test-password")) {
            assertTrue(redis.call("PING").startsWith("-NOAUTH"), "a password is required");
            assertEquals("PONG", redis.callAs("test-password", "PING"));
            assertTrue(redis.callAs("test-password", "FLUSHALL").startsWith("-ERR unknown command"));
            assertTrue(redis.callAs("test-password", "CONFIG", "GET", "dir").startsWith("-ERR unknown command"));
            assertEquals("OK", redis.callAs("test-password", "SET", "k", "v"));
        }
        assertTrue(Files.exists(dir.resolve("appendonly.aof")), "counters are written to the append-only file");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutRedis")
    void targetsWithoutTheComponentHaveNoRedis(String target) {
        Manifests m = Kustomize.render(target);
        assertTrue(m.envValue("QUARKUS_REDIS_HOSTS").isEmpty(), target);
        assertTrue(m.find("StatefulSet", REDIS).isEmpty(), target);
        assertTrue(m.find("NetworkPolicy", REDIS).isEmpty(), target);
    }
}
