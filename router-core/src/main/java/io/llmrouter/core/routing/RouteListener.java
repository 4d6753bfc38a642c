package io.llmrouter.core.routing;

/** Observes routed calls (metrics). Implementations must be fast and non-blocking: they run on the event loop. */
public interface RouteListener {

    /** Listener that ignores everything. */
    RouteListener NONE = new RouteListener() {
    };

    /** A call finished (for streams: when the stream ended). */
    default void onCall(CallRecord record) {
    }

    /** An attempt failed and the call moves on to another endpoint (or retries the same one). */
    default void onFailover(String tenant, String fromEndpoint, String reason) {
    }
}
