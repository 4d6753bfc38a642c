package io.llmrouter.core.wire;

import io.llmrouter.core.failure.UpstreamFault;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunks of a complete upstream answer, as one array, up to a limit. Chunks are kept as they arrive and copied
 * once, into an array of the exact size, when the answer is complete: most answers arrive in one read, and appending
 * to a growing buffer would copy twice and could double past the limit. A chunk that would take the answer over the
 * limit is refused ({@link #add} returns false) and not kept: the caller stops reading and resets the exchange.
 */
public final class BodyCollector {

    private final long limit;
    private Buffer first;
    private List<Buffer> more;
    private long size;

    /** A collector refusing answers larger than {@code limit} bytes. */
    public BodyCollector(long limit) {
        this.limit = limit;
    }

    /** Keeps the chunk, or returns false without keeping it when the answer would pass the limit. */
    public boolean add(Buffer chunk) {
        if (size + chunk.length() > limit) {
            return false;
        }
        size += chunk.length();
        if (first == null) {
            first = chunk;
        } else {
            if (more == null) {
                more = new ArrayList<>(4);
            }
            more.add(chunk);
        }
        return true;
    }

    /** {@link #add(Buffer)} for a chunk that is already an array (not copied). */
    public boolean add(byte[] chunk) {
        return add(WrappedBuffers.of(chunk));
    }

    /** The failure of an answer that passed the limit. */
    public UpstreamFault overLimit() {
        return tooLarge(limit);
    }

    /** The failure of an answer over {@code limit} bytes, also when its declared length says so up front. */
    public static UpstreamFault tooLarge(long limit) {
        return new UpstreamFault(UpstreamFault.Kind.RESPONSE_TOO_LARGE,
                "answer larger than " + limit + " bytes (router.upstream.max-response-size)");
    }

    public byte[] bytes() {
        if (first == null) {
            return new byte[0];
        }
        if (more == null) {
            return first.getBytes();
        }
        byte[] all = new byte[(int) size];
        first.getBytes(all, 0);
        int at = first.length();
        for (Buffer b : more) {
            b.getBytes(all, at);
            at += b.length();
        }
        return all;
    }
}
