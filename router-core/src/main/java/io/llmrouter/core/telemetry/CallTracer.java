package io.llmrouter.core.telemetry;

import io.llmrouter.api.Protocol;

/**
 * Starts the span of each routed call. The router calls it on the event loop, once per call, before the request is
 * parsed; the implementation must not block. {@link #NONE} traces nothing and costs nothing.
 */
@FunctionalInterface
public interface CallTracer {

    /** A tracer that records nothing. */
    CallTracer NONE = (caller, clientProtocol) -> CallSpan.NONE;

    /** The span of a call that {@code caller} makes in {@code clientProtocol}, started now. */
    CallSpan start(Caller caller, Protocol clientProtocol);
}
