package io.llmrouter.core.usage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Measures the estimator against o200k_base on the corpus; the numbers go into docs/estimator.md. */
class TokenEstimatorAccuracyTest {

    /** The bound the router promises for estimated usage, per category and chunk. */
    private static final double MAX_MEAN_ABSOLUTE_ERROR = 0.15;
    /** Chunks are cut near this many chars, about one chat message. */
    private static final int CHUNK_CHARS = 500;

    private static Encoding o200k;
    private final TokenEstimator estimator = new TokenEstimator();

    @BeforeAll
    static void loadEncoding() {
        o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"english", "chinese", "mixed", "code", "json"})
    void categoryWithinBound(String category) throws IOException {
        String text = read(category + ".txt");
        List<String> chunks = chunks(text);
        double errorSum = 0;
        for (String chunk : chunks) {
            int actual = o200k.countTokensOrdinary(chunk);
            errorSum += Math.abs(estimator.estimate(chunk) - actual) / (double) actual;
        }
        double meanError = errorSum / chunks.size();
        double wholeRatio = estimator.estimate(text) / (double) o200k.countTokensOrdinary(text);
        System.out.printf("| %s | %d | %d | %.1f | %.3f |%n", category, text.getBytes(StandardCharsets.UTF_8).length,
                chunks.size(), meanError * 100, wholeRatio);
        assertTrue(meanError <= MAX_MEAN_ABSOLUTE_ERROR, category + " mean absolute error " + meanError);
        assertTrue(Math.abs(wholeRatio - 1) <= MAX_MEAN_ABSOLUTE_ERROR, category + " whole-file ratio " + wholeRatio);
    }

    /** Windows of about CHUNK_CHARS, ending at a line break (or else a space) so that no word is cut. */
    static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = Math.min(n, start + CHUNK_CHARS);
            if (end < n) {
                int newline = text.indexOf('\n', end);
                if (newline >= 0 && newline - end < 300) {
                    end = newline + 1;
                } else {
                    int space = end;
                    while (space < n && space - end < 100 && !Character.isWhitespace(text.charAt(space))) {
                        space++;
                    }
                    end = space;
                }
                // never split a surrogate pair
                if (end < n && Character.isLowSurrogate(text.charAt(end))) {
                    end++;
                }
            }
            String chunk = text.substring(start, end);
            if (!chunk.isBlank()) {
                out.add(chunk);
            }
            start = end;
        }
        return out;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = TokenEstimatorAccuracyTest.class.getResourceAsStream("/estimator-corpus/" + name)) {
            if (in == null) {
                throw new IOException("missing corpus file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
