package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Static checks of the Dockerfiles and the compose example (no Docker daemon needed). */
class DockerFilesTest {

    private static final Path DOCKER = Kustomize.DEPLOYMENTS.resolve("docker");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-build"})
    void imagesArePinnedNonRootAndExposeTheServicePort(String dockerfile) throws IOException {
        String text = Files.readString(DOCKER.resolve(dockerfile));
        Matcher from = FROM.matcher(text);
        List<String> images = new ArrayList<>();
        while (from.find()) {
            images.add(from.group(1));
        }
        assertFalse(images.isEmpty(), dockerfile + ": no FROM");
        for (String image : images) {
            String tag = image.substring(image.lastIndexOf('/') + 1);
            assertTrue(tag.contains(":") && !tag.endsWith(":latest"), () -> dockerfile + ": base image " + image + " is not pinned to a tag");
        }
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(text);
        String lastUser = null;
        while (user.find()) {
            lastUser = user.group(1);
        }
        assertTrue(lastUser != null && lastUser.matches("[1-9]\\d*"), dockerfile + ": the final USER must be a numeric non-root uid");
        assertTrue(text.contains("\nEXPOSE 8080\n"), dockerfile + ": EXPOSE 8080");
        assertTrue(text.contains("\nEXPOSE 9000\n"), dockerfile + ": EXPOSE 9000, the management interface");
    }

    @Test
    void jvmImageCopiesTheFourFastJarDirectoriesAndBoundsTheHeap() throws IOException {
        String text = Files.readString(DOCKER.resolve("Dockerfile.jvm"));
        for (String part : List.of("quarkus-app/lib/", "quarkus-app/*.jar", "quarkus-app/app/", "quarkus-app/quarkus/")) {
            assertTrue(text.contains("COPY --chown=185 router-service/target/" + part), "Dockerfile.jvm copies " + part);
        }
        assertTrue(text.contains("-XX:MaxRAMPercentage=50") && text.contains("-XX:+ExitOnOutOfMemoryError"), "JAVA_OPTS heap settings");
    }

    @Test
    void theLoadBenchStartsTheRouterWithTheImagesJvmOptions() throws IOException {
        Matcher image = Pattern.compile("(?m)^ENV JAVA_OPTS=\"([^\"]+)\"")
                .matcher(Files.readString(DOCKER.resolve("Dockerfile.jvm")));
        assertTrue(image.find(), "Dockerfile.jvm sets JAVA_OPTS");
        String bench = Files.readString(Kustomize.DEPLOYMENTS.resolveSibling("bench").resolve("run.sh"));
        Matcher benchOpts = Pattern.compile("(?m)^JAVA_OPTS=\"([^\"]+)\"").matcher(bench);
        assertTrue(benchOpts.find(), "bench/run.sh sets JAVA_OPTS");
        // The bench adds only -XX:MaxRAM, standing for the container's memory limit.
        assertEquals(image.group(1) + " -XX:MaxRAM=512m", benchOpts.group(1));
        assertTrue(image.group(1).contains("-XX:+UseSerialGC"), "the collector is named, not left to the limit");
    }

    /** Health and metrics name every tenant: compose publishes the management port on the host's loopback only. */
    @Test
    void composePublishesTheApiAndKeepsTheManagementPortOnLoopback() throws IOException {
        Map<String, Object> compose = Kustomize.parse(Files.readString(DOCKER.resolve("compose.yaml"))).get(0);
        List<Object> ports = Yamls.list(Yamls.map(compose, "services.router"), "ports");
        assertTrue(ports.contains("8080:8080"), "compose publishes the API port: " + ports);
        for (Object port : ports) {
            String mapping = String.valueOf(port);
            if (mapping.endsWith(":9000")) {
                assertEquals("127.0.0.1:9000:9000", mapping, "the management port on the host's loopback only");
            }
        }
        assertTrue(ports.contains("127.0.0.1:9000:9000"), "compose publishes the management port on loopback: " + ports);
    }

    @Test
    void composeTenantFilesAreValidAndTheirSecretsAreInTheExampleSecretFile() throws IOException {
        Map<String, Object> compose = Kustomize.parse(Files.readString(DOCKER.resolve("compose.yaml"))).get(0);
        Map<String, Object> router = Yamls.map(compose, "services.router");
        String dir = Yamls.str(router, "environment.ROUTER_TENANTS_DIR");
        assertTrue(Yamls.list(router, "volumes").contains("./tenants:" + dir + ":ro"), "compose mounts ./tenants at ROUTER_TENANTS_DIR");
        assertEquals("/run/secrets/" + Yamls.str(Yamls.list(router, "secrets").get(0), "target"),
                Yamls.str(router, "environment.QUARKUS_CONFIG_LOCATIONS"), "the secret file is a config location");

        Properties secrets = new Properties();
        secrets.load(new StringReader(Files.readString(DOCKER.resolve("secrets/router-secrets.properties.example"))));
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCKER.resolve("tenants"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
                TenantFile.Report report = TenantFile.check(file.getFileName().toString(), Files.readString(file));
                problems.addAll(report.problems());
                report.references().stream().filter(v -> !secrets.containsKey(v))
                        .forEach(v -> problems.add(file.getFileName() + ": ${" + v + "} is missing from router-secrets.properties.example"));
            }
        }
        assertEquals(List.of(), problems, "compose tenant configuration");
    }
}
