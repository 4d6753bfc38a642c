package io.llmrouter.core.convert;

import io.llmrouter.api.stream.StreamEvent;
import java.util.function.Consumer;

/**
 * Turns an upstream stream into intermediate events incrementally. Bytes may be split anywhere, including inside
 * a UTF-8 sequence or between CR and LF; events are emitted as soon as their frame is complete. Not thread-safe:
 * one instance per stream, fed in order.
 */
public interface StreamDecoder {

    /** Feeds the next bytes; emits every event completed by them. */
    void feed(byte[] chunk, Consumer<StreamEvent> out);

    /** The upstream stream ended; emits what is still pending (a final frame without its blank line, a finish). */
    void end(Consumer<StreamEvent> out);
}
