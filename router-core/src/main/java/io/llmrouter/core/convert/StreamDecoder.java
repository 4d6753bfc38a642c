package io.llmrouter.core.convert;

import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.wire.ContentTypes;
import java.util.function.Consumer;

/**
 * Turns an upstream stream into intermediate events incrementally. Bytes may be split anywhere, including inside
 * a UTF-8 sequence or between CR and LF; events are emitted as soon as their frame is complete. Not thread-safe:
 * one instance per stream, fed in order.
 *
 * <p>A stream is verified, not trusted: {@link #feed} throws an {@link io.llmrouter.core.failure.UpstreamFault} for a
 * frame over the decoder's limits or an event the protocol does not define (not JSON), and {@link #end} throws one
 * when the stream ends without its protocol's end marker (or an error event of the upstream's own). Events emitted
 * before the fault stand.
 */
public interface StreamDecoder {

    /** Feeds the next bytes; emits every event completed by them. */
    void feed(byte[] chunk, Consumer<StreamEvent> out);

    /** The upstream stream ended; emits what is still pending (a final frame without its blank line, a finish). */
    void end(Consumer<StreamEvent> out);

    /** Whether an answer with this {@code Content-Type} is a stream this decoder reads; SSE unless overridden. */
    default boolean accepts(String contentType) {
        return ContentTypes.isOneOf(contentType, ContentTypes.EVENT_STREAM);
    }
}
