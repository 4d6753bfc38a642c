package io.llmrouter.service.telemetry;

import io.llmrouter.core.telemetry.CallTracer;
import io.llmrouter.service.config.TenantRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.prometheus.client.exemplars.ExemplarSampler;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the router's telemetry: the tracer of routed calls, the GenAI metrics and the usage records. Tracing follows
 * Quarkus' own switch, {@code quarkus.otel.sdk.disabled} (true in application.properties): while it is off, no span
 * is made and nothing is sent upstream, and a caller's {@code traceparent} only lends its trace id to logs and usage
 * records ({@link InboundTraceIds}).
 */
@ApplicationScoped
public class TelemetryBeans {

    /** The instrumentation scope of the router's spans. */
    static final String SCOPE = "io.llmrouter";

    @Produces
    @Singleton
    CallTracer callTracer(@ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled,
                          Instance<OpenTelemetry> openTelemetry) {
        if (disabled) {
            return new InboundTraceIds();
        }
        OpenTelemetry otel = openTelemetry.get();
        return new OtelCallTracer(otel.getTracer(SCOPE), otel.getPropagators().getTextMapPropagator());
    }

    /**
     * No Prometheus exemplars. Quarkus samples one on every counter and histogram update whenever OpenTelemetry is on
     * the class path, by looking up the current span; the router's spans are never the current context (each call
     * carries its own, {@link OtelCallSpan}), so the lookup found nothing on every call while costing about 2 % of a
     * call's CPU (docs/benchmarks.md, "Where the time goes"). Traces and metrics meet on the tags they share.
     */
    @Produces
    @Alternative
    @Priority(1)
    Optional<ExemplarSampler> noExemplars() {
        return Optional.empty();
    }

    @Produces
    @Singleton
    GenAiMetrics genAiMetrics(MeterRegistry registry, TenantRegistry tenants) {
        return new GenAiMetrics(registry, tenants);
    }

    @Produces
    @Singleton
    UsageRecords usageRecords(MeterRegistry registry) {
        Counter dropped = Counter.builder(UsageRecords.DROPPED_METRIC)
                .description("Usage records dropped because their queue was full (the output did not keep up)")
                .register(registry);
        return new UsageRecords(Clock.systemUTC(), dropped::increment);
    }

    void closeUsageRecords(@Disposes UsageRecords records) {
        records.close();
    }

    void onStart(@Observes StartupEvent event) {
        UsageRecords.keepBareLines();
    }
}
