package io.llmrouter.core.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines (LF, CRLF or lone CR), decoding each line as UTF-8 only once it is complete, so
 * a multi-byte character split across chunks is never corrupted. A CR at the end of a chunk is held until the next
 * byte shows whether an LF follows. Not thread-safe.
 */
public final class LineSplitter {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
    private boolean lastWasCr;

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
            pending.write(chunk, start, end - start);
        }
    }

    /** The stream ended: emits a final line that had no terminator. */
    public void end(Consumer<String> line) {
        if (pending.size() > 0) {
            String s = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            line.accept(s);
        }
        lastWasCr = false;
    }

    private void emit(byte[] chunk, int from, int to, Consumer<String> line) {
        String s;
        if (pending.size() == 0) {
            s = new String(chunk, from, to - from, StandardCharsets.UTF_8);
        } else {
            pending.write(chunk, from, to - from);
            s = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
        }
        line.accept(s);
    }
}
