package io.llmrouter.core.stream;

import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines (LF, CRLF or lone CR), decoding each line as UTF-8 only once it is complete, so
 * a multi-byte character split across chunks is never corrupted. A CR at the end of a chunk is held until the next
 * byte shows whether an LF follows. A line longer than the limit fails with {@link UpstreamFault.Kind#LINE_TOO_LONG}
 * as soon as its bytes pass the limit, so the buffer for a line split across chunks never holds more than the limit,
 * however long the line goes on. Not thread-safe.
 */
public final class LineSplitter {

    private static final int INITIAL_CAPACITY = 256;
    /** A buffer grown past this for one long line (an image's base64) is dropped once the line is complete. */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private final int maxLineBytes;
    /** The start of a line whose end has not arrived yet: {@code pendingSize} bytes of {@code pending}. */
    private byte[] pending = new byte[0];
    private int pendingSize;
    private boolean lastWasCr;
    private int lineBytes;

    /** A splitter with {@link FrameLimits#DEFAULTS}' line limit. */
    public LineSplitter() {
        this(FrameLimits.DEFAULTS.maxLineBytes());
    }

    /** A splitter refusing lines longer than {@code maxLineBytes}. */
    public LineSplitter(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Feeds bytes; calls {@code line} for every complete line, without its terminator. */
    public void feed(byte[] chunk, Consumer<String> line) {
        feed(chunk, 0, chunk.length, line);
    }

    /** Feeds a slice of bytes. */
    public void feed(byte[] chunk, int offset, int length, Consumer<String> line) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = chunk[i];
            if (b == '\n') {
                if (lastWasCr) {
                    // LF completing a CRLF whose CR already ended the line.
                    lastWasCr = false;
                    start = i + 1;
                    continue;
                }
                emit(chunk, start, i, line);
                start = i + 1;
            } else if (b == '\r') {
                emit(chunk, start, i, line);
                lastWasCr = true;
                start = i + 1;
            } else {
                lastWasCr = false;
            }
        }
        if (start < end) {
            hold(chunk, start, end - start);
        }
    }

    /** The stream ended: emits a final line that had no terminator. */
    public void end(Consumer<String> line) {
        if (pendingSize > 0) {
            String s = new String(pending, 0, pendingSize, StandardCharsets.UTF_8);
            lineBytes = pendingSize;
            release();
            line.accept(s);
        }
        lastWasCr = false;
    }

    /** The length in bytes of the line most recently handed to the consumer. */
    public int lineBytes() {
        return lineBytes;
    }

    /** Bytes held for a line not complete yet, for tests: never more than the limit. */
    int heldBytes() {
        return pending.length;
    }

    private void emit(byte[] chunk, int from, int to, Consumer<String> line) {
        String s;
        int length = to - from;
        if (pendingSize == 0) {
            check(length);
            s = new String(chunk, from, length, StandardCharsets.UTF_8);
            lineBytes = length;
        } else {
            hold(chunk, from, length);
            s = new String(pending, 0, pendingSize, StandardCharsets.UTF_8);
            lineBytes = pendingSize;
            release();
        }
        line.accept(s);
    }

    /** Appends to the pending line, growing its buffer at most to the limit. */
    private void hold(byte[] chunk, int from, int length) {
        int needed = pendingSize + length;
        check(needed);
        if (needed > pending.length) {
            int grown = Math.max(needed, Math.max(INITIAL_CAPACITY, pending.length * 2));
            pending = Arrays.copyOf(pending, Math.min(grown, maxLineBytes));
        }
        System.arraycopy(chunk, from, pending, pendingSize, length);
        pendingSize = needed;
    }

    private void check(int lineLength) {
        if (lineLength > maxLineBytes) {
            pendingSize = 0;
            pending = new byte[0];
            throw new UpstreamFault(UpstreamFault.Kind.LINE_TOO_LONG,
                    "line longer than " + maxLineBytes + " bytes (router.upstream.max-line-size)");
        }
    }

    /** Forgets the pending line; a buffer grown for a long line is not kept for the rest of the stream. */
    private void release() {
        pendingSize = 0;
        if (pending.length > RETAINED_CAPACITY) {
            pending = new byte[0];
        }
    }
}
