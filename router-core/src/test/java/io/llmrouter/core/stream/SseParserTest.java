package io.llmrouter.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmrouter.core.failure.UpstreamFault;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fieldsCommentsAndMultiLineData() {
        SseParser p = new SseParser(new FrameLimits(64, 64), events::add, null);
        p.feed(bytes(": ping\nevent: a\ndata: 1\ndata:2\nid: 7\n\ndata: last"));
        p.end();
        assertEquals(List.of(new SseEvent("a", "1\n2"), new SseEvent(null, "last")), events);
    }

    /** Data lines forever without the blank line that ends the event: refused once they pass the event limit. */
    @Test
    void anEventThatNeverEndsIsRefusedOnceItPassesTheLimit() {
        SseParser p = new SseParser(new FrameLimits(100, 1_000), events::add, null);
        byte[] line = bytes("data: " + "x".repeat(43) + "\n"); // 49 bytes + its line break: 50 of the budget
        int taken = 0;
        UpstreamFault fault = null;
        while (fault == null && taken < 100_000) {
            try {
                p.feed(line);
                taken++;
            } catch (UpstreamFault f) {
                fault = f;
            }
        }
        assertEquals(20, taken, "twenty lines of 50 bytes make the 1000 allowed, the 21st is one too many");
        assertEquals(UpstreamFault.Kind.EVENT_TOO_LARGE, fault.kind());
        assertEquals("event larger than 1000 bytes (router.upstream.max-event-size)", fault.getMessage());
        assertEquals(List.of(), events);
    }

    @Test
    void theEventBudgetStartsAgainWithEachEventAndCommentsTakeNone() {
        SseParser p = new SseParser(new FrameLimits(100, 60), events::add, null);
        for (int i = 0; i < 100; i++) {
            p.feed(bytes(": keep-alive comments hold nothing\ndata: " + "y".repeat(40) + "\n\n"));
        }
        assertEquals(100, events.size());
    }

    @Test
    void aLineOverTheLineLimitIsRefusedWhateverItsField() {
        SseParser p = new SseParser(new FrameLimits(10, 1_000), events::add, null);
        UpstreamFault fault = assertThrows(UpstreamFault.class, () -> p.feed(bytes(": a comment longer than ten")));
        assertEquals(UpstreamFault.Kind.LINE_TOO_LONG, fault.kind());
    }
}
