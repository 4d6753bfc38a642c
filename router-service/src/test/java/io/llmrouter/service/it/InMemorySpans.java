package io.llmrouter.service.it;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * The spans of the tracing tests: Quarkus adds every {@code SpanProcessor} bean to the tracer provider, and this one
 * hands each span to an in-memory exporter as it ends. The exporter is a bean of its own type only, so that Quarkus
 * does not also pick it up as a {@code SpanExporter}. Unused while tracing is off.
 */
@ApplicationScoped
public class InMemorySpans {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @Produces
    @Singleton
    @Typed(InMemorySpanExporter.class)
    InMemorySpanExporter exporter() {
        return exporter;
    }

    @Produces
    @Singleton
    SpanProcessor processor() {
        return SimpleSpanProcessor.create(exporter);
    }
}
