package io.llmrouter.service.metrics;

import io.llmrouter.api.Operation;
import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.RouteListener;
import io.llmrouter.core.selection.PooledEndpoint;
import io.llmrouter.service.config.InboundKey;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.llmrouter.service.config.TenantSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Prometheus metrics of routed calls (served at {@code /q/metrics} on the management port). Tags are tenant, key,
 * endpoint and protocol names and outcomes: never keys, only their configured names ({@link InboundKey#tag}), so every
 * tag set is bounded by the configuration.
 */
// @Singleton rather than @ApplicationScoped: used on every call, so no client proxy in front of it.
@Singleton
public class RouterMetrics implements RouteListener {

    private static final String NONE = "none";
    private static final String TOKENS_DESCRIPTION = "Tokens by direction; accuracy says reported or estimated";

    private final MeterRegistry registry;
    private final TenantRegistry tenants;
    /** The breaker gauges of the current snapshot's endpoints. */
    private final List<Gauge> breakerGauges = new CopyOnWriteArrayList<>();

    @Inject
    public RouterMetrics(MeterRegistry registry, TenantRegistry tenants) {
        this.registry = registry;
        this.tenants = tenants;
    }

    void registerBreakerGauges(@Observes StartupEvent event) {
        tenants.onReload(this::followReload);
        for (Tenant t : tenants.tenants()) {
            for (PooledEndpoint pe : t.pool().endpoints()) {
                registerBreakerGauges(t.name(), pe);
            }
        }
    }

    /**
     * After a reload, the breaker gauges show the new snapshot's endpoints: those of an endpoint no longer there (or
     * no longer the same object) are removed, those of a new one registered.
     */
    void followReload(TenantSnapshot previous, TenantSnapshot next) {
        for (Tenant t : previous.tenants().values()) {
            Tenant now = next.tenants().get(t.name());
            for (PooledEndpoint pe : t.pool().endpoints()) {
                if (now == null || now.pool().find(pe.name()) != pe) {
                    breakerGauges.removeIf(g -> {
                        boolean mine = t.name().equals(g.getId().getTag("tenant"))
                                && pe.name().equals(g.getId().getTag("endpoint"));
                        if (mine) {
                            registry.remove(g);
                        }
                        return mine;
                    });
                }
            }
        }
        for (Tenant t : next.tenants().values()) {
            Tenant was = previous.tenants().get(t.name());
            for (PooledEndpoint pe : t.pool().endpoints()) {
                if (was == null || was.pool().find(pe.name()) != pe) {
                    registerBreakerGauges(t.name(), pe);
                }
            }
        }
    }

    private void registerBreakerGauges(String tenant, PooledEndpoint pe) {
        breakerGauges.add(Gauge.builder("router_breaker_state", pe.breaker(), RouterMetrics::stateValue)
                .description("Circuit breaker state per endpoint: 0 closed, 1 half-open, 2 open")
                .tag("tenant", tenant).tag("endpoint", pe.endpoint().name())
                .register(registry));
        if (pe.breakerPerModel()) {
            // Model names are the callers' choice: counted, never used as tag values.
            breakerGauges.add(Gauge.builder("router_breaker_models_not_closed", pe, p -> p.modelsNotClosed().size())
                    .description("Models whose own breaker is open or half-open, per endpoint that passes "
                            + "the caller's model through")
                    .tag("tenant", tenant).tag("endpoint", pe.endpoint().name())
                    .register(registry));
        }
    }

    private static double stateValue(CircuitBreaker breaker) {
        return switch (breaker.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    /** Tags of router_requests. */
    private record RequestTags(String tenant, String key, String endpoint, String client, String upstream,
                               String operation, String outcome, boolean streamed) {
    }

    /** Tags of router_request_latency. */
    private record LatencyTags(String tenant, String endpoint, String client, String upstream, String operation) {
    }

    /** Tags of the usage meters. */
    private record UsageTags(String tenant, String key, String endpoint, boolean accurate) {
    }

    /** Tags of router_failovers. */
    private record FailoverTags(String tenant, String endpoint, String reason) {
    }

    /** The meters one routed call with usage updates. */
    private record UsageMeters(Counter inputTokens, Counter outputTokens, Counter cost) {
    }

    // Meters by tag values, registered on first use: the registry's own lookup (builder, sorted tags, id) is
    // otherwise paid several times per request. Tag values come from configuration and fixed sets, so these stay
    // small.
    private final Map<RequestTags, Counter> requests = new ConcurrentHashMap<>();
    private final Map<LatencyTags, Timer> latencies = new ConcurrentHashMap<>();
    private final Map<UsageTags, UsageMeters> usage = new ConcurrentHashMap<>();
    private final Map<FailoverTags, Counter> failovers = new ConcurrentHashMap<>();
    private final Map<DroppedTags, Counter> dropped = new ConcurrentHashMap<>();
    /** The field names seen so far: callers can invent names, so past {@link #MAX_DROPPED_FIELDS} they count as other. */
    private final Set<String> droppedFields = ConcurrentHashMap.newKeySet();

    /** Distinct field names {@code router_conversion_dropped_total} labels at most. */
    static final int MAX_DROPPED_FIELDS = 256;

    private record DroppedTags(String field, String client, String upstream) {
    }

    @Override
    public void onCall(CallRecord r) {
        String endpoint = r.endpoint() == null ? NONE : r.endpoint();
        String client = r.clientProtocol().configName();
        String upstream = r.upstreamProtocol() == null ? NONE : r.upstreamProtocol().configName();
        String operation = r.operation().tag();
        String key = InboundKey.tag(r.keyName());
        requests.computeIfAbsent(new RequestTags(r.tenant(), key, endpoint, client, upstream, operation, r.outcome(),
                r.streamed()), this::requestCounter).increment();
        for (String field : r.dropped()) {
            dropped.computeIfAbsent(new DroppedTags(bounded(field), client, upstream), this::droppedCounter)
                    .increment();
        }
        if (r.usage() == null) {
            if (r.operation() == Operation.COUNT_TOKENS && "success".equals(r.outcome())) {
                // A count has no usage (it is free) but is timed like any answered call.
                latencies.computeIfAbsent(new LatencyTags(r.tenant(), endpoint, client, upstream, operation),
                        this::latencyTimer).record(Duration.ofMillis(r.latencyMillis()));
            }
            return;
        }
        latencies.computeIfAbsent(new LatencyTags(r.tenant(), endpoint, client, upstream, operation),
                this::latencyTimer).record(Duration.ofMillis(r.usage().latencyMs()));
        UsageMeters m = usage.computeIfAbsent(new UsageTags(r.tenant(), key, endpoint, r.usage().accurate()),
                this::usageMeters);
        m.inputTokens().increment(r.usage().inputTokens());
        m.outputTokens().increment(r.usage().outputTokens());
        m.cost().increment(r.usage().costUsd());
    }

    /** The field's own name while fewer than {@link #MAX_DROPPED_FIELDS} are labelled, then {@code other}. */
    private String bounded(String field) {
        if (droppedFields.contains(field)) {
            return field;
        }
        if (droppedFields.size() < MAX_DROPPED_FIELDS) {
            droppedFields.add(field);
            return field;
        }
        return "other";
    }

    private Counter droppedCounter(DroppedTags t) {
        return Counter.builder("router_conversion_dropped").description("Client fields left out by converted calls")
                .tag("field", t.field()).tag("client", t.client()).tag("upstream", t.upstream())
                .register(registry);
    }

    private Counter requestCounter(RequestTags t) {
        return Counter.builder("router_requests").description("Routed calls by outcome")
                .tag("tenant", t.tenant()).tag("key", t.key()).tag("endpoint", t.endpoint())
                .tag("client_protocol", t.client()).tag("upstream_protocol", t.upstream())
                .tag("operation", t.operation()).tag("outcome", t.outcome())
                .tag("streamed", Boolean.toString(t.streamed()))
                .register(registry);
    }

    private Timer latencyTimer(LatencyTags t) {
        return Timer.builder("router_request_latency").description("Latency of routed calls, to the last byte")
                .tag("tenant", t.tenant()).tag("endpoint", t.endpoint()).tag("client_protocol", t.client())
                .tag("upstream_protocol", t.upstream()).tag("operation", t.operation()).publishPercentileHistogram()
                .register(registry);
    }

    private UsageMeters usageMeters(UsageTags t) {
        String accuracy = t.accurate() ? "accurate" : "estimated";
        Counter input = Counter.builder("router_tokens").description(TOKENS_DESCRIPTION)
                .tag("tenant", t.tenant()).tag("key", t.key()).tag("endpoint", t.endpoint()).tag("direction", "input")
                .tag("accuracy", accuracy).register(registry);
        Counter output = Counter.builder("router_tokens").description(TOKENS_DESCRIPTION)
                .tag("tenant", t.tenant()).tag("key", t.key()).tag("endpoint", t.endpoint()).tag("direction", "output")
                .tag("accuracy", accuracy).register(registry);
        Counter cost = Counter.builder("router_cost_usd").description("Cost in USD at the serving endpoint's prices")
                .tag("tenant", t.tenant()).tag("key", t.key()).tag("endpoint", t.endpoint()).register(registry);
        return new UsageMeters(input, output, cost);
    }

    /** Tags of router_refusals. */
    private record RefusalTags(String tenant, String key, String scope, String reason) {
    }

    private final Map<RefusalTags, Counter> refusals = new ConcurrentHashMap<>();
    private final Map<SoftTags, Counter> softCalls = new ConcurrentHashMap<>();

    /** Tags of the soft-limit counters. */
    private record SoftTags(String tenant, String key, boolean downgraded) {
    }

    @Override
    public void onRefusal(String tenant, String keyName, String scope, String reason) {
        refusals.computeIfAbsent(new RefusalTags(tenant, InboundKey.tag(keyName), scope, reason), t ->
                Counter.builder("router_refusals").description("Calls refused by a tenant's or a key's limits, budget,"
                                + " allow-list or expiry, before any upstream call")
                        .tag("tenant", t.tenant()).tag("key", t.key()).tag("scope", t.scope())
                        .tag("reason", t.reason()).register(registry)).increment();
    }

    @Override
    public void onSoftLimit(String tenant, String keyName, boolean downgraded) {
        softCalls.computeIfAbsent(new SoftTags(tenant, InboundKey.tag(keyName), downgraded), t ->
                Counter.builder(t.downgraded() ? "router_budget_downgraded_calls" : "router_budget_soft_limit_calls")
                        .description(t.downgraded() ? "Calls past a budget's soft limit planned under its price ceiling"
                                : "Calls admitted past a budget's soft limit")
                        .tag("tenant", t.tenant()).tag("key", t.key()).register(registry)).increment();
    }

    @Override
    public void onFailover(String tenant, String fromEndpoint, String reason) {
        failovers.computeIfAbsent(new FailoverTags(tenant, fromEndpoint, reason), t ->
                Counter.builder("router_failovers").description("Attempts abandoned for another endpoint")
                        .tag("tenant", t.tenant()).tag("endpoint", t.endpoint()).tag("reason", t.reason())
                        .register(registry)).increment();
    }
}
