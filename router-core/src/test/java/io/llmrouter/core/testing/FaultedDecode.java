package io.llmrouter.core.testing;

import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.failure.UpstreamFault;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stream decoder made of a transcript it refused: the events it emitted before the fault, and the fault.
 *
 * @param events the events emitted before the fault
 * @param fault  the fault, never null
 */
public record FaultedDecode(List<StreamEvent> events, UpstreamFault fault) {

    /** Feeds the pieces, then ends the stream; fails the test if the decoder raised no fault. */
    public static FaultedDecode of(StreamDecoder decoder, byte[]... pieces) {
        List<StreamEvent> events = new ArrayList<>();
        try {
            for (byte[] piece : pieces) {
                decoder.feed(piece, events::add);
            }
            decoder.end(events::add);
        } catch (UpstreamFault fault) {
            return new FaultedDecode(List.copyOf(events), fault);
        }
        throw new AssertionError("the decoder took the stream without a fault; events: " + events);
    }

    /** The fault's kind. */
    public UpstreamFault.Kind kind() {
        return fault.kind();
    }
}
