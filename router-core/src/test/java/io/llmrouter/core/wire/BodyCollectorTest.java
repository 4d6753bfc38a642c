package io.llmrouter.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.failure.UpstreamFault;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyCollectorTest {

    private static final long LIMIT = 1024;

    @Test
    void noChunkIsAnEmptyBody() {
        assertEquals(0, new BodyCollector(LIMIT).bytes().length);
    }

    @Test
    void oneChunkIsCopiedOutAsIs() {
        BodyCollector body = new BodyCollector(LIMIT);
        body.add(Buffer.buffer("{\"id\":1}"));
        assertArrayEquals(bytes("{\"id\":1}"), body.bytes());
    }

    @Test
    void chunksAreJoinedInOrder() {
        BodyCollector body = new BodyCollector(LIMIT);
        for (String part : new String[] {"{\"a\":", "\"", "日本語", "\"", "}"}) {
            body.add(Buffer.buffer(part));
        }
        body.add(bytes("\n"));
        assertArrayEquals(bytes("{\"a\":\"日本語\"}\n"), body.bytes());
    }

    @Test
    void emptyChunksChangeNothing() {
        BodyCollector body = new BodyCollector(LIMIT);
        body.add(Buffer.buffer());
        body.add(Buffer.buffer("ab"));
        body.add(Buffer.buffer());
        body.add(Buffer.buffer("c"));
        assertArrayEquals(bytes("abc"), body.bytes());
    }

    @Test
    void anAnswerExactlyAtTheLimitIsTaken() {
        BodyCollector body = new BodyCollector(10);
        assertTrue(body.add(bytes("12345")));
        assertTrue(body.add(bytes("67890")));
        assertArrayEquals(bytes("1234567890"), body.bytes());
    }

    /** A body that never ends: the chunk that passes the limit is refused and not kept, nor is anything after it. */
    @Test
    void theChunkThatPassesTheLimitIsRefusedAndNotKept() {
        BodyCollector body = new BodyCollector(LIMIT);
        Buffer chunk = Buffer.buffer(new byte[100]);
        int taken = 0;
        while (body.add(chunk)) {
            taken++;
        }
        assertEquals(10, taken, "ten chunks of 100 bytes fit in 1024, the eleventh does not");
        assertEquals(1000, body.bytes().length, "the refused chunk was not kept");
        assertFalse(body.add(chunk), "nor is any later one");
        UpstreamFault fault = body.overLimit();
        assertEquals(UpstreamFault.Kind.RESPONSE_TOO_LARGE, fault.kind());
        assertEquals("answer larger than 1024 bytes (router.upstream.max-response-size)", fault.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
