package io.llmrouter.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.failure.UpstreamFault;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesEndWithLfCrlfOrCrAcrossChunksAndUtf8IsNeverCut() {
        byte[] all = bytes("a\r\nb\rc\nhé世\n");
        for (int cut = 0; cut <= all.length; cut++) {
            LineSplitter s = new LineSplitter(16);
            List<String> lines = new ArrayList<>();
            s.feed(Arrays.copyOfRange(all, 0, cut), lines::add);
            s.feed(Arrays.copyOfRange(all, cut, all.length), lines::add);
            s.end(lines::add);
            assertEquals(List.of("a", "b", "c", "hé世"), lines, "cut at " + cut);
        }
    }

    @Test
    void aLineAtTheLimitPassesWithItsByteLength() {
        LineSplitter s = new LineSplitter(4);
        List<String> lines = new ArrayList<>();
        s.feed(bytes("é"), lines::add);
        s.feed(bytes("ab\n"), lines::add);
        assertEquals(List.of("éab"), lines);
        assertEquals(4, s.lineBytes());
    }

    /** One line that never ends, fed in small chunks: refused when it passes the limit, held no further. */
    @Test
    void aLineThatNeverEndsIsRefusedOnceItPassesTheLimitAndItsBufferNeverGrowsPast() {
        int limit = 10_000;
        LineSplitter s = new LineSplitter(limit);
        byte[] chunk = new byte[333];
        Arrays.fill(chunk, (byte) 'x');
        long fed = 0;
        UpstreamFault fault = null;
        while (fault == null && fed < 100L * limit) {
            try {
                s.feed(chunk, line -> {
                    throw new AssertionError("no line ends here");
                });
                fed += chunk.length;
                assertTrue(s.heldBytes() <= limit, "held " + s.heldBytes() + " bytes");
            } catch (UpstreamFault f) {
                fault = f;
            }
        }
        assertEquals(limit / chunk.length * chunk.length, fed, "refused at the first chunk past the limit");
        assertEquals(UpstreamFault.Kind.LINE_TOO_LONG, fault.kind());
        assertEquals("line longer than 10000 bytes (router.upstream.max-line-size)", fault.getMessage());
        assertTrue(s.heldBytes() <= 256, "the long line's buffer is let go");
    }

    @Test
    void aLongLineInsideOneChunkIsRefusedToo() {
        LineSplitter s = new LineSplitter(3);
        UpstreamFault fault = assertThrows(UpstreamFault.class, () -> s.feed(bytes("ok\nlong\n"), line -> { }));
        assertEquals(UpstreamFault.Kind.LINE_TOO_LONG, fault.kind());
    }

    @Test
    void anUnterminatedLastLineIsCheckedAtTheEnd() {
        LineSplitter s = new LineSplitter(3);
        s.feed(bytes("abc"), line -> { });
        assertThrows(UpstreamFault.class, () -> s.feed(bytes("d"), line -> { }));
    }
}
