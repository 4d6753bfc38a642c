package io.llmrouter.service.telemetry;

import io.llmrouter.core.telemetry.AttemptEnd;
import io.llmrouter.core.telemetry.AttemptSpan;
import io.llmrouter.core.wire.UpstreamRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The client span of one upstream attempt; its context travels to the upstream in the request's headers. */
final class OtelAttemptSpan implements AttemptSpan {

    private static final TextMapSetter<Map<String, String>> HEADERS = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.put(key, value);
        }
    };

    private final Span span;
    private final TextMapPropagator propagator;

    OtelAttemptSpan(Span span, TextMapPropagator propagator) {
        this.span = span;
        this.propagator = propagator;
    }

    @Override
    public UpstreamRequest propagate(UpstreamRequest request) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        propagator.inject(Context.root().with(span), headers, HEADERS);
        return new UpstreamRequest(request.url(), headers, request.body(), request.stream());
    }

    @Override
    public void end(AttemptEnd end) {
        if (span.isRecording()) {
            if (end.status() > 0) {
                span.setAttribute(GenAi.HTTP_STATUS, (long) end.status());
            }
            if (end.answer() != null) {
                OtelCallSpan.answer(span, end.answer(), false);
            }
            if (!"success".equals(end.outcome())) {
                span.setAttribute(GenAi.FAILURE_CLASS, end.outcome());
            }
            if (end.errorType() != null) {
                span.setAttribute(GenAi.ERROR_TYPE, end.errorType());
                span.setStatus(StatusCode.ERROR, end.errorType());
            }
        }
        span.end();
    }
}
