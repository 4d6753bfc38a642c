package io.llmrouter.service.telemetry;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.telemetry.CallSpan;
import io.llmrouter.core.telemetry.CallTracer;
import io.llmrouter.core.telemetry.Caller;

/**
 * The tracer while tracing is off: records no span and sends no trace context upstream, but keeps the trace id a
 * caller sent in its W3C {@code traceparent}, so that log lines and usage records can still be joined with the
 * caller's own trace. One header lookup per call.
 */
final class InboundTraceIds implements CallTracer {

    private static final String TRACEPARENT = "traceparent";
    private static final String INVALID = "00000000000000000000000000000000";

    @Override
    public CallSpan start(Caller caller, Protocol clientProtocol) {
        String traceId = traceId(caller.headers().get(TRACEPARENT));
        return traceId == null ? CallSpan.NONE : new CallSpan() {
            @Override
            public String traceId() {
                return traceId;
            }
        };
    }

    /**
     * The trace id of a {@code traceparent} value ({@code version-traceid-parentid-flags}), or null when the value is
     * not one: 32 lower-case hex digits, not all zero.
     */
    static String traceId(String traceparent) {
        if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(2) != '-'
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
            return null;
        }
        String id = traceparent.substring(3, 35);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return INVALID.equals(id) ? null : id;
    }
}
