package io.llmrouter.core.wire;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * An upstream answer whose status and headers have arrived and whose body streams. Subscribing to {@link #body()}
 * starts the flow; cancelling it aborts the upstream request. Subscribe at most once.
 */
public record UpstreamStream(int status, HeaderLookup headers, Multi<byte[]> body) {

    /** True for 2xx. */
    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /**
     * The whole body (an error answer's), read up to {@code maxBytes}: past it, reading stops, the upstream request
     * is aborted and the Uni fails with an {@link io.llmrouter.core.failure.UpstreamFault}.
     */
    public Uni<byte[]> readBody(long maxBytes) {
        return body.collect().in(() -> new BodyCollector(maxBytes), (collector, chunk) -> {
            if (!collector.add(chunk)) {
                throw collector.overLimit();
            }
        }).map(BodyCollector::bytes);
    }

    /** Aborts the upstream request without reading the body. */
    public void discard() {
        body.subscribe().with(chunk -> { }, failure -> { }).cancel();
    }
}
