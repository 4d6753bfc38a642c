package io.llmrouter.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the recorded provider fixtures from {@code ../shared/fixtures} (see fixtures/SOURCES.md). */
public final class Fixtures {

    private Fixtures() {
    }

    /** The fixtures directory: system property {@code shared.fixtures.dir}, else {@code ../shared/fixtures}. */
    public static Path dir() {
        String configured = System.getProperty("shared.fixtures.dir");
        if (configured != null) {
            Path p = Path.of(configured);
            if (Files.isDirectory(p)) {
                return p.normalize();
            }
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find ../shared/fixtures; set -Dshared.fixtures.dir");
    }

    /** Bytes of a fixture, by path relative to the fixtures directory ({@code "openai/stream_text.sse"}). */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text of a fixture. */
    public static String text(String relative) {
        return new String(bytes(relative), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every fixture file under a sub-directory, recursively, relative names sorted. */
    public static List<String> list(String subdir) {
        Path root = dir();
        try (Stream<Path> s = Files.walk(root.resolve(subdir))) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
