package io.llmrouter.service.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: its Markdown links and the doc references in its code resolve to files (and
 * sections) inside the repository, and nothing sends a reader to documents that live outside it.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern DOC_REFERENCE = Pattern.compile("\\b(docs/[a-z-]+\\.md(?:#[a-z0-9-]+)?)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    @Test
    void everyRelativeLinkOfTheDocsResolvesInsideTheRepository() {
        assertEquals(List.of(), broken(RepositoryFiles.docs(), LINK, Path::getParent));
    }

    @Test
    void everyDocReferenceInTheCodeResolves() {
        assertEquals(List.of(), broken(RepositoryFiles.all(), DOC_REFERENCE, file -> RepositoryFiles.ROOT));
    }

    /**
     * The references ({@code reference}'s first group) of {@code files} that do not resolve, each with why; a
     * reference is relative to {@code base} of its file, and one with a URL scheme is not checked.
     */
    private static List<String> broken(List<Path> files, Pattern reference, Function<Path, Path> base) {
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            Matcher ref = reference.matcher(RepositoryFiles.read(file));
            while (ref.find()) {
                String target = ref.group(1);
                String problem = target.matches("^[a-z]+:.*") ? null : resolve(base.apply(file), target);
                if (problem != null) {
                    broken.add(RepositoryFiles.ROOT.relativize(file) + ": " + target + " (" + problem + ")");
                }
            }
        }
        return broken;
    }

    @Test
    void nothingSendsReadersToDocumentsOutsideTheRepository() {
        List<String> found = new ArrayList<>();
        for (Path file : RepositoryFiles.allBut(DocsLinksTest.class)) {
            String text = RepositoryFiles.read(file);
            // The reference collection beside a development checkout, and the documents it holds; spelt in parts so
            // that a search of the repository for them finds only testdata/SOURCES.md, their provenance note.
            for (String outside : List.of(".." + "/shared", "PROTOCOLS" + ".md", "CONTRACT" + ".md", "STYLE" + ".md",
                    "/work" + "/")) {
                if (text.contains(outside)) {
                    found.add(RepositoryFiles.ROOT.relativize(file) + ": " + outside);
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void headingAnchorsAreGitHubs() {
        assertEquals("what-wrks-p99-counts", anchor("What wrk's p99 counts"));
        assertEquals("a-tenant", anchor("A tenant"));
        assertEquals("comparison-with-direct-calls-and-nginx", anchor("Comparison with direct calls and nginx"));
    }

    /** Null when {@code target} (a path relative to {@code base}, optionally with #anchor) exists; else why not. */
    private static String resolve(Path base, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? null : base.resolve(path).normalize();
        if (file != null && !file.startsWith(RepositoryFiles.ROOT)) {
            return "outside the repository";
        }
        if (file != null && !Files.exists(file)) {
            return "no such file";
        }
        if (hash >= 0 && file != null && Files.isRegularFile(file) && file.toString().endsWith(".md")
                && !anchors(file).contains(target.substring(hash + 1))) {
            return "no such section";
        }
        return null;
    }

    private static Set<String> anchors(Path markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(RepositoryFiles.read(markdown));
        while (heading.find()) {
            anchors.add(anchor(heading.group(1)));
        }
        return anchors;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
