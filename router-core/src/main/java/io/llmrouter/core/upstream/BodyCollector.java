package io.llmrouter.core.upstream;

import io.vertx.core.buffer.Buffer;

/**
 * The chunks of a complete upstream answer, as one array. Most answers arrive in one read: that chunk is copied out
 * once, where appending every chunk to a growing buffer and copying the result out again cost two copies and the
 * growth. Only a second chunk starts an aggregate.
 */
final class BodyCollector {

    private Buffer first;
    private Buffer all;

    void add(Buffer chunk) {
        if (first == null && all == null) {
            first = chunk;
        } else {
            if (all == null) {
                all = Buffer.buffer(first.length() + chunk.length() * 2).appendBuffer(first);
                first = null;
            }
            all.appendBuffer(chunk);
        }
    }

    byte[] bytes() {
        if (all != null) {
            return all.getBytes();
        }
        return first == null ? new byte[0] : first.getBytes();
    }
}
