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

            @Override
            public void onRefusal(String tenant, String keyName, String scope, String reason) {
                for (RouteListener l : each) {
                    l.onRefusal(tenant, keyName, scope, reason);
                }
            }

            @Override
            public void onSoftLimit(String tenant, String keyName, boolean downgraded) {
                for (RouteListener l : each) {
                    l.onSoftLimit(tenant, keyName, downgraded);
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

    /**
     * A call was refused by its tenant's or its key's limits, before any upstream call.
     *
     * @param keyName the caller's key name (null when unknown)
     * @param scope   whose limit refused it: {@code tenant}, {@code key}, or {@code -} for the key itself (expired)
     * @param reason  {@link io.llmrouter.core.governance.Refusal#id()}
     */
    default void onRefusal(String tenant, String keyName, String scope, String reason) {
    }

    /**
     * A call was admitted past its tenant's or key's budget soft threshold; {@code downgraded} when it is planned
     * under a price ceiling (then it is counted twice: once for the soft limit, once downgraded).
     */
    default void onSoftLimit(String tenant, String keyName, boolean downgraded) {
    }
}
