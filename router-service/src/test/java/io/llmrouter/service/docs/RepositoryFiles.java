package io.llmrouter.service.docs;

import io.llmrouter.core.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The repository's own text files (sources, scripts, docs, configuration), without build output or test data. */
final class RepositoryFiles {

    static final Path ROOT = TestData.repositoryRoot();

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "testdata", ".mvn", ".idea",
            "node_modules");
    private static final List<String> TEXT = List.of(".java", ".md", ".properties", ".sh", ".yml", ".yaml", ".xml",
            ".lua", "Dockerfile", "run");

    private RepositoryFiles() {
    }

    /** Every text file of the repository, relative paths sorted. */
    static List<Path> all() {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> ROOT.relativize(p).getNameCount() > 0 && !skipped(ROOT.relativize(p)))
                    .filter(p -> TEXT.stream().anyMatch(p.getFileName().toString()::endsWith))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every text file but the source of {@code test}, which spells out what it looks for. */
    static List<Path> allBut(Class<?> test) {
        String own = test.getSimpleName() + ".java";
        return all().stream().filter(p -> !p.getFileName().toString().equals(own)).toList();
    }

    /** The Markdown files users read: the README, docs/ and the modules' READMEs. */
    static List<Path> docs() {
        return all().stream().filter(p -> p.toString().endsWith(".md")).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
