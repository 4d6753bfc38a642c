package io.llmrouter.core.upstream;

import io.llmrouter.core.wire.UpstreamRequest;
import io.llmrouter.core.wire.UpstreamResponse;
import io.llmrouter.core.wire.UpstreamStream;
import io.smallrye.mutiny.Uni;

/**
 * Sends requests to upstream providers without blocking. Implementations never follow redirects (an upstream that
 * redirects could point us at internal addresses) and fail with the transport's exception on connect errors and
 * timeouts, which {@link io.llmrouter.core.failure.FailureClassifier} classifies.
 */
public interface UpstreamTransport extends AutoCloseable {

    /** Sends the request and buffers the whole answer. Cancelling the Uni aborts the request. */
    Uni<UpstreamResponse> send(UpstreamRequest request);

    /** Sends the request; completes when status and headers arrive. Cancelling the Uni aborts the request. */
    Uni<UpstreamStream> stream(UpstreamRequest request);

    /** Releases connection pools. */
    @Override
    default void close() {
    }
}
