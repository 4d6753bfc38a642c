package io.llmrouter.core.telemetry;

import io.llmrouter.core.wire.UpstreamRequest;

/**
 * The client-side span of one upstream attempt. It carries the trace context to the upstream in the request's
 * headers, whichever transport sends it, and ends with the attempt's outcome.
 */
public interface AttemptSpan {

    /** A span that records nothing and adds no header. */
    AttemptSpan NONE = new AttemptSpan() {
    };

    /** The request with this span's trace context added to its headers ({@code traceparent}, {@code tracestate}). */
    default UpstreamRequest propagate(UpstreamRequest request) {
        return request;
    }

    /** Ends the span with the attempt's outcome. */
    default void end(AttemptEnd end) {
    }
}
