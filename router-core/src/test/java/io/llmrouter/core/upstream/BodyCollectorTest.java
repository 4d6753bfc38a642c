package io.llmrouter.core.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyCollectorTest {

    @Test
    void noChunkIsAnEmptyBody() {
        assertEquals(0, new BodyCollector().bytes().length);
    }

    @Test
    void oneChunkIsCopiedOutAsIs() {
        BodyCollector body = new BodyCollector();
        body.add(Buffer.buffer("{\"id\":1}"));
        assertArrayEquals(bytes("{\"id\":1}"), body.bytes());
    }

    @Test
    void chunksAreJoinedInOrder() {
        BodyCollector body = new BodyCollector();
        for (String part : new String[] {"{\"a\":", "\"", "日本語", "\"", "}"}) {
            body.add(Buffer.buffer(part));
        }
        assertArrayEquals(bytes("{\"a\":\"日本語\"}"), body.bytes());
    }

    @Test
    void emptyChunksChangeNothing() {
        BodyCollector body = new BodyCollector();
        body.add(Buffer.buffer());
        body.add(Buffer.buffer("ab"));
        body.add(Buffer.buffer());
        body.add(Buffer.buffer("c"));
        assertArrayEquals(bytes("abc"), body.bytes());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
