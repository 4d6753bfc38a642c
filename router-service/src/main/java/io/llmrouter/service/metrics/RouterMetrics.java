package io.llmrouter.service.metrics;

import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.routing.CallRecord;
import io.llmrouter.core.routing.RouteListener;
import io.llmrouter.core.selection.PooledEndpoint;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Prometheus metrics of routed calls (served at {@code /q/metrics}). Tags are tenant, endpoint and protocol names
 * and outcomes: never keys.
 */
@ApplicationScoped
public class RouterMetrics implements RouteListener {

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final TenantRegistry tenants;

    @Inject
    public RouterMetrics(MeterRegistry registry, TenantRegistry tenants) {
        this.registry = registry;
        this.tenants = tenants;
    }

    void registerBreakerGauges(@Observes StartupEvent event) {
        for (Tenant t : tenants.tenants()) {
            for (PooledEndpoint pe : t.pool().endpoints()) {
                CircuitBreaker breaker = pe.breaker();
                Gauge.builder("router_breaker_state", breaker, RouterMetrics::stateValue)
                        .description("Circuit breaker state per endpoint: 0 closed, 1 half-open, 2 open")
                        .tag("tenant", t.name()).tag("endpoint", pe.endpoint().name())
                        .register(registry);
            }
        }
    }

    private static double stateValue(CircuitBreaker breaker) {
        return switch (breaker.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    @Override
    public void onCall(CallRecord r) {
        String endpoint = r.endpoint() == null ? NONE : r.endpoint();
        String client = r.clientProtocol().configName();
        String upstream = r.upstreamProtocol() == null ? NONE : r.upstreamProtocol().configName();
        Counter.builder("router_requests").description("Routed calls by outcome")
                .tag("tenant", r.tenant()).tag("endpoint", endpoint).tag("client_protocol", client)
                .tag("upstream_protocol", upstream).tag("outcome", r.outcome())
                .tag("streamed", Boolean.toString(r.streamed()))
                .register(registry).increment();
        if (r.usage() == null) {
            return;
        }
        Timer.builder("router_request_latency").description("Latency of routed calls, to the last byte")
                .tag("tenant", r.tenant()).tag("endpoint", endpoint).tag("client_protocol", client)
                .tag("upstream_protocol", upstream).publishPercentileHistogram()
                .register(registry).record(Duration.ofMillis(r.usage().latencyMs()));
        String accuracy = r.usage().accurate() ? "accurate" : "estimated";
        Counter.builder("router_tokens").description("Tokens by direction; accuracy says reported or estimated")
                .tag("tenant", r.tenant()).tag("endpoint", endpoint).tag("direction", "input")
                .tag("accuracy", accuracy).register(registry).increment(r.usage().inputTokens());
        Counter.builder("router_tokens").description("Tokens by direction; accuracy says reported or estimated")
                .tag("tenant", r.tenant()).tag("endpoint", endpoint).tag("direction", "output")
                .tag("accuracy", accuracy).register(registry).increment(r.usage().outputTokens());
        Counter.builder("router_cost_usd").description("Cost in USD at the serving endpoint's prices")
                .tag("tenant", r.tenant()).tag("endpoint", endpoint).register(registry)
                .increment(r.usage().costUsd());
    }

    @Override
    public void onFailover(String tenant, String fromEndpoint, String reason) {
        Counter.builder("router_failovers").description("Attempts abandoned for another endpoint")
                .tag("tenant", tenant).tag("endpoint", fromEndpoint).tag("reason", reason)
                .register(registry).increment();
    }
}
