package io.llmrouter.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file of the repository's test data has its provenance: a row of {@code testdata/SOURCES.md}, in the section
 * of its folder, that names it and gives its licence. A file copied in without one fails here.
 */
class TestDataProvenanceTest {

    private static final Pattern SECTION = Pattern.compile("^## ((?:fixtures|specs)/\\S*)");
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");

    @Test
    void everyTestDataFileHasARowWithItsSourceAndLicence() throws IOException {
        Map<String, String> licenceByPath = rows(Files.readAllLines(TestData.dir().resolve("SOURCES.md")));
        List<String> missing = new ArrayList<>();
        for (String file : files()) {
            String licence = licenceByPath.get(file);
            if (licence == null || licence.isBlank() || licence.equals("—")) {
                missing.add(file);
            }
        }
        assertEquals(List.of(), missing, "test data files with no provenance row (or no licence) in SOURCES.md");
    }

    @Test
    void theProvenanceNamesNoFileThatIsNotThere() throws IOException {
        List<String> files = files();
        for (String listed : rows(Files.readAllLines(TestData.dir().resolve("SOURCES.md"))).keySet()) {
            assertTrue(files.contains(listed), "SOURCES.md lists " + listed + ", which is not in testdata/");
        }
        assertFalse(files.isEmpty());
    }

    /** Every regular file under fixtures/ and specs/, relative to testdata/, '/'-separated. */
    private static List<String> files() throws IOException {
        Path root = TestData.dir();
        List<String> files = new ArrayList<>();
        for (Path dir : List.of(TestData.fixturesDir(), TestData.specsDir())) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .forEach(files::add);
            }
        }
        return files;
    }

    /**
     * The files named in the first cell of each table row (backquoted, relative to the row's section) with the
     * row's last cell, its licence.
     */
    private static Map<String, String> rows(List<String> lines) {
        Map<String, String> licences = new HashMap<>();
        String section = null;
        for (String line : lines) {
            Matcher heading = SECTION.matcher(line);
            if (heading.find()) {
                section = heading.group(1);
            } else if (line.startsWith("## ")) {
                section = null;
            } else if (section != null && line.startsWith("| `")) {
                String[] cells = line.substring(1, line.lastIndexOf('|')).split(" \\| ");
                String licence = cells[cells.length - 1].strip();
                Matcher name = NAME.matcher(cells[0]);
                while (name.find()) {
                    licences.put(section + name.group(1), licence);
                }
            }
        }
        return licences;
    }
}
