package io.llmrouter.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WrappedBuffersTest {

    @Test
    void readsTheBytesInPlace() {
        byte[] bytes = "{\"a\":\"日本語\"}".getBytes(StandardCharsets.UTF_8);
        Buffer buffer = WrappedBuffers.of(bytes);
        assertEquals("{\"a\":\"日本語\"}", buffer.toString(StandardCharsets.UTF_8));
        assertEquals(bytes.length, buffer.length());
        // No copy: the buffer is a view of the array, which is why callers hand over arrays they no longer change.
        bytes[2] = 'b';
        assertEquals('b', buffer.getByte(2));
    }

    @Test
    void emptyArrayIsAnEmptyBuffer() {
        assertEquals(0, WrappedBuffers.of(new byte[0]).length());
    }
}
