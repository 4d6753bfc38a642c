package io.llmrouter.core.telemetry;

import org.jboss.logging.MDC;

/**
 * Puts a call's trace id in the logging context ({@code traceId}, the key Quarkus' OpenTelemetry extension uses)
 * while one of the router's own log lines is written, so that every line about a call can be joined with its trace
 * and its usage record.
 */
public final class TraceLog {

    /** The logging context key of the trace id. */
    public static final String TRACE_ID = "traceId";

    private TraceLog() {
    }

    /** Runs {@code log} with {@code traceId} in the logging context; runs it as is when there is no trace id. */
    public static void with(String traceId, Runnable log) {
        if (traceId == null) {
            log.run();
            return;
        }
        Object previous = MDC.get(TRACE_ID);
        MDC.put(TRACE_ID, traceId);
        try {
            log.run();
        } finally {
            if (previous == null) {
                MDC.remove(TRACE_ID);
            } else {
                MDC.put(TRACE_ID, previous);
            }
        }
    }
}
