package io.llmrouter.core.telemetry;

import java.util.List;

/**
 * Observes routed calls (metrics, usage records). Implementations must be fast and non-blocking: they run on the event
 * loop.
 */
public interface RouteListener {

    /** Listener that ignores everything. */
    RouteListener NONE = new RouteListener() {
    };

    /** A listener that tells each of {@code listeners}, in order. */
    static RouteListener all(List<? extends RouteListener> listeners) {
        List<RouteListener> each = List.copyOf(listeners);
        return new RouteListener() {
            @Override
            public void onCall(CallRecord record) {
                for (RouteListener l : each) {
                    l.onCall(record);
                }
            }

            @Override
            public void onFailover(String tenant, String fromEndpoint, String reason) {
                for (RouteListener l : each) {
                    l.onFailover(tenant, fromEndpoint, reason);
                }
            }
        };
    }

    /** A call finished (for streams: when the stream ended). */
    default void onCall(CallRecord record) {
    }

    /** An attempt failed and the call moves on to another endpoint (or retries the same one). */
    default void onFailover(String tenant, String fromEndpoint, String reason) {
    }
}
