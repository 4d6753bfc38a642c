package io.llmrouter.service.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Code, scripts, configuration and docs speak of the product: no labels of how it was built (numbered work sessions,
 * lettered benchmark runs). Figures that change belong in docs/benchmarks.md, dated, and comments point there.
 */
class NoWorkHistoryTest {

    static final Pattern HISTORY = Pattern.compile("(?i:\\bsession \\d+)|\\bruns? [A-Z]{1,2}(?![\\w/])"
            + "|\\bruns [A-Z]{1,2}[–-][A-Z]{1,2}\\b");

    @Test
    void noFileNamesAWorkSessionOrABenchmarkRunByLetter() {
        List<String> found = new ArrayList<>();
        for (Path file : RepositoryFiles.allBut(NoWorkHistoryTest.class)) {
            String[] lines = RepositoryFiles.read(file).split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher m = HISTORY.matcher(lines[i]);
                if (m.find()) {
                    found.add(RepositoryFiles.ROOT.relativize(file) + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void thePatternCatchesTheLabelsAndLeavesOrdinaryProseAlone() {
        // Spelt in parts, so that a search of the repository for such labels does not find these examples.
        String run = "run";
        for (String label : List.of("measured in session" + " 5", "(" + run + " AQ)", run + "s H and I",
                run + "s AG–AJ", run + " D,")) {
            assertTrue(HISTORY.matcher(label).find(), label);
        }
        for (String prose : List.of("alternating A/B runs", run + " A/B rounds", "the session token",
                "runs on Java 17", "for run in $(seq 1 3)")) {
            assertFalse(HISTORY.matcher(prose).find(), prose);
        }
    }
}
