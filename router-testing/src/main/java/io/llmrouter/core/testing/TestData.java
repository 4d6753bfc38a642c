package io.llmrouter.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's {@code testdata/} directory: recorded provider payloads ({@code fixtures/}) and the vendors'
 * OpenAPI documents ({@code specs/}), with their provenance in {@code testdata/SOURCES.md}. Tests read test data from
 * here only, never from outside the repository.
 *
 * <p>Maven's surefire passes {@value #PROPERTY} (the repository root's {@code testdata}); a test started any other
 * way (an IDE, a module's own directory) finds it by walking up from the working directory to the repository root,
 * the first directory that holds a {@code testdata/SOURCES.md}.
 */
public final class TestData {

    /** System property naming the test data directory; set by the root POM's surefire configuration. */
    public static final String PROPERTY = "testdata.dir";

    private static final String MARKER = "SOURCES.md";

    private TestData() {
    }

    /** The test data directory. */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && Files.isRegularFile(Path.of(configured, MARKER))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("testdata");
            if (Files.isRegularFile(candidate.resolve(MARKER))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("cannot find the repository's testdata/ directory (with its " + MARKER
                + ") from " + Path.of("").toAbsolutePath() + "; run from inside the repository or set -D" + PROPERTY);
    }

    /** The repository's root directory, which holds {@code testdata/}. */
    public static Path repositoryRoot() {
        return dir().getParent();
    }

    /** The recorded provider payloads. */
    public static Path fixturesDir() {
        return subdirectory("fixtures");
    }

    /** The vendors' OpenAPI documents. */
    public static Path specsDir() {
        return subdirectory("specs");
    }

    private static Path subdirectory(String subdirectory) {
        Path p = dir().resolve(subdirectory);
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("testdata has no " + subdirectory + "/ directory: " + p);
        }
        return p;
    }
}
