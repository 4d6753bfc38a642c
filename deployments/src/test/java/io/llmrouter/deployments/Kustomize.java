package io.llmrouter.deployments;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Renders kustomization directories with `kubectl kustomize`, once per directory per test run. */
final class Kustomize {

    /** The deployments module directory (set by surefire; the working directory otherwise). */
    static final Path DEPLOYMENTS = Path.of(System.getProperty("router.deployments.dir", "")).toAbsolutePath();

    private static final Path KUBERNETES = DEPLOYMENTS.resolve("kubernetes");
    private static final Map<Path, Manifests> RENDERED = new ConcurrentHashMap<>();
    private static volatile Boolean kubectlAvailable;

    private Kustomize() {
    }

    /** The base and every overlay: each directory under kubernetes/ that holds a kustomization.yaml. */
    static Stream<String> targets() throws IOException {
        List<String> targets = new ArrayList<>();
        targets.add("base");
        try (Stream<Path> overlays = Files.list(KUBERNETES.resolve("overlays"))) {
            overlays.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> "overlays/" + dir.getFileName())
                    .sorted()
                    .forEach(targets::add);
        }
        return targets.stream();
    }

    /** The rendered documents of kubernetes/&lt;target&gt;; skips the calling test when kubectl is absent. */
    static Manifests render(String target) {
        Assumptions.assumeTrue(kubectlAvailable(),
                "kubectl not found on PATH: the rendered Kubernetes manifests are not checked."
                        + " Install kubectl (it bundles kustomize) to run these tests.");
        return RENDERED.computeIfAbsent(KUBERNETES.resolve(target).normalize(), dir -> run(target, dir));
    }

    private static Manifests run(String target, Path dir) {
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                        .redirectError(stderr.toFile())
                        .start();
                String yaml;
                try (InputStream out = process.getInputStream()) {
                    yaml = new String(out.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("kubectl kustomize " + dir + " did not finish within 120 s");
                }
                if (process.exitValue() != 0) {
                    fail("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                            + Files.readString(stderr));
                }
                return new Manifests(target, parse(yaml));
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + dir, e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document instanceof Map<?, ?> map) {
                documents.add((Map<String, Object>) map);
            }
        }
        return documents;
    }

    private static boolean kubectlAvailable() {
        if (kubectlAvailable == null) {
            boolean found;
            try {
                Process process = new ProcessBuilder("kubectl", "version", "--client")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                found = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                found = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                found = false;
            }
            kubectlAvailable = found;
        }
        return kubectlAvailable;
    }
}
