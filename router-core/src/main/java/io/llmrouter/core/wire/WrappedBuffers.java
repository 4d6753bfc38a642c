package io.llmrouter.core.wire;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Vert.x buffers over byte arrays without a copy. {@code Buffer.buffer(byte[])} copies (Vert.x 4.5); a body or frame
 * the router built is never written to once handed to Vert.x, so wrapping it is safe and saves a copy and an
 * allocation per write.
 */
public final class WrappedBuffers {

    private WrappedBuffers() {
    }

    /** A buffer reading {@code bytes} in place; the caller must not change them afterwards. */
    // Buffer.buffer(ByteBuf) is deprecated in Vert.x 4.5 only because Vert.x 5 moves it to BufferInternal.buffer;
    // it is the one public way to wrap in 4.5, and this is the single place that calls it.
    @SuppressWarnings("deprecation")
    public static Buffer of(byte[] bytes) {
        return Buffer.buffer(Unpooled.wrappedBuffer(bytes));
    }
}
