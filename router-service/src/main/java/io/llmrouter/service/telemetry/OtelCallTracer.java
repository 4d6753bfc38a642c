package io.llmrouter.service.telemetry;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.telemetry.CallSpan;
import io.llmrouter.core.telemetry.CallTracer;
import io.llmrouter.core.telemetry.Caller;
import io.llmrouter.core.wire.HeaderLookup;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;

/**
 * Traces routed calls with OpenTelemetry: a server span per call, its parent taken from the caller's
 * {@code traceparent}, and a client span per upstream attempt ({@link OtelCallSpan}). Spans are started with explicit
 * parents, never made current: nothing here depends on which thread or Vert.x context a callback runs on.
 */
final class OtelCallTracer implements CallTracer {

    /** Reads trace context from the caller's headers; the router's headers cannot be listed, only looked up. */
    private static final TextMapGetter<HeaderLookup> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HeaderLookup carrier) {
            return List.of();
        }

        @Override
        public String get(HeaderLookup carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    OtelCallTracer(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public CallSpan start(Caller caller, Protocol clientProtocol) {
        Context parent = propagator.extract(Context.root(), caller.headers(), HEADERS);
        Span span = tracer.spanBuilder(GenAi.CHAT).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(GenAi.OPERATION_NAME, GenAi.CHAT)
                .setAttribute(GenAi.TENANT, caller.tenant())
                .setAttribute(GenAi.CLIENT_PROTOCOL, clientProtocol.configName())
                .startSpan();
        if (caller.keyName() != null) {
            span.setAttribute(GenAi.KEY_NAME, caller.keyName());
        }
        return new OtelCallSpan(tracer, propagator, span, caller.captureContent());
    }
}
