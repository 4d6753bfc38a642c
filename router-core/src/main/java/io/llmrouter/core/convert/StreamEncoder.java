package io.llmrouter.core.convert;

import io.llmrouter.api.stream.StreamEvent;
import java.util.function.Consumer;

/**
 * Turns intermediate events into a client protocol's stream frames, one call per event, synthesizing whatever
 * the protocol needs that the source did not send (block starts and stops, terminators). Not thread-safe.
 */
public interface StreamEncoder {

    /** Content type of the stream ({@code text/event-stream}, {@code application/stream+json}, ...). */
    String contentType();

    /** Encodes one event; emits zero or more complete frames. */
    void encode(StreamEvent event, Consumer<byte[]> out);

    /** The source ended; emits the closing frames ({@code [DONE]}, {@code message_stop}, {@code ]}, ...). */
    void end(Consumer<byte[]> out);
}
