package io.llmrouter.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the recorded provider fixtures of the repository's {@code testdata/fixtures} (see testdata/SOURCES.md). */
public final class Fixtures {

    private Fixtures() {
    }

    /** The fixtures directory. */
    public static Path dir() {
        return TestData.fixturesDir();
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
