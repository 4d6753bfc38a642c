package io.llmrouter.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where classes come from, found through their class files as resources rather than through
 * {@code ProtectionDomain.getCodeSource()} or {@code java.class.path}: Quarkus' continuous testing ({@code mvn
 * quarkus:dev}) loads tests with its own class loader, which gives classes no code source and is not the JVM's class
 * path, while surefire gives both. Classes it serves from memory are found where the repository compiled them.
 */
public final class ClassPathRoots {

    private ClassPathRoots() {
    }

    /** The class path root, a directory or a jar, that holds {@code type}'s class file. */
    public static Path of(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        URL url = type.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no class file resource for " + type.getName());
        }
        return root(url, resource);
    }

    /** Every jar the loader sees (each carries a manifest), in the loader's order. */
    public static Set<Path> jars(ClassLoader loader) {
        Set<Path> jars = new LinkedHashSet<>();
        try {
            for (URL url : Collections.list(loader.getResources("META-INF/MANIFEST.MF"))) {
                if (url.getProtocol().equals("jar")) {
                    jars.add(root(url, "META-INF/MANIFEST.MF"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jars;
    }

    /**
     * The {@code target/classes} directory of the repository module that compiled {@code resource}: where a class
     * comes from when the loader serves it from memory, as Quarkus' dev mode does for the application's own modules.
     */
    private static Optional<Path> compiledInRepository(String resource) {
        try (Stream<Path> modules = Files.list(TestData.repositoryRoot())) {
            return modules.map(m -> m.resolve("target/classes"))
                    .filter(classes -> Files.isRegularFile(classes.resolve(resource))).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root(URL url, String resource) {
        try {
            return switch (url.getProtocol()) {
                case "jar" -> {
                    String file = url.getPath();
                    yield Path.of(new URI(file.substring(0, file.indexOf("!/"))));
                }
                case "file" -> {
                    Path path = Path.of(url.toURI());
                    for (int i = resource.split("/").length; i > 0; i--) {
                        path = path.getParent();
                    }
                    yield path;
                }
                default -> compiledInRepository(resource).orElseThrow(
                        () -> new IllegalStateException("class file not in a directory or a jar: " + url));
            };
        } catch (URISyntaxException e) {
            throw new IllegalStateException("not a file URL: " + url, e);
        }
    }
}
