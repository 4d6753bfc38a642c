package io.llmrouter.service.telemetry;

import io.llmrouter.api.Endpoint;
import io.llmrouter.api.Operation;
import io.llmrouter.api.Usage;
import io.llmrouter.core.selection.PooledEndpoint;
import io.llmrouter.core.telemetry.CallRecord;
import io.llmrouter.core.telemetry.RouteListener;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.llmrouter.service.config.TenantSnapshot;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry GenAI metrics of routed calls, as histograms beside the router's own meters:
 * {@code gen_ai.client.token.usage}, {@code gen_ai.client.operation.duration}, {@code gen_ai.server.time_to_first_token}
 * and {@code gen_ai.server.time_per_output_token} (Prometheus: dots become underscores, durations get
 * {@code _seconds}). Buckets are the conventions' advised boundaries. Labels are bounded: tenant, key name, endpoint
 * and model come from configuration (a model the configuration does not name is {@value #OTHER}), protocol and
 * outcome from fixed sets.
 */
public final class GenAiMetrics implements RouteListener {

    static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
    static final String TIME_PER_OUTPUT_TOKEN = "gen_ai.server.time_per_output_token";
    static final String OTHER = "other";
    private static final String NONE = "none";

    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
                                                   4194304, 16777216, 67108864};
    private static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    private static final Duration[] TTFT_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25,
            0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    private static final Duration[] TPOT_BUCKETS = seconds(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5,
            0.75, 1.0, 2.5);

    private final MeterRegistry registry;
    private final TenantRegistry tenants;
    /**
     * Per tenant, the model names its configuration mentions: the values the model label may take; made again for
     * each snapshot of the tenants.
     */
    private volatile ModelNames models;

    /** The model names of one snapshot. */
    private record ModelNames(TenantSnapshot snapshot, Map<String, Set<String>> byTenant) {
    }

    /** The labels of one call. */
    private record Labels(String operation, String tenant, String keyName, String endpoint, String model,
                          String provider, String clientProtocol, String outcome) {

        Tags tags() {
            return Tags.of("gen_ai.operation.name", operation, "gen_ai.provider.name", provider, "tenant", tenant,
                    "key_name", keyName, "endpoint", endpoint, "model", model, "client_protocol", clientProtocol,
                    "outcome", outcome);
        }
    }

    /** The histograms of one label set, registered on first use (the registry's own lookup costs more per call). */
    private record Meters(Timer duration, DistributionSummary inputTokens, DistributionSummary outputTokens,
                          Timer timeToFirstToken, Timer timePerOutputToken) {
    }

    private final Map<Labels, Meters> meters = new ConcurrentHashMap<>();

    public GenAiMetrics(MeterRegistry registry, TenantRegistry tenants) {
        this.registry = registry;
        this.tenants = tenants;
        this.models = models(tenants.snapshot());
    }

    /** The tenants' model names, as the current snapshot configures them. */
    private Map<String, Set<String>> models() {
        ModelNames m = models;
        TenantSnapshot now = tenants.snapshot();
        if (m.snapshot() != now) {
            m = models(now);
            models = m;
        }
        return m.byTenant();
    }

    private static ModelNames models(TenantSnapshot snapshot) {
        Map<String, Set<String>> byTenant = new HashMap<>();
        for (Tenant t : snapshot.tenants().values()) {
            Set<String> names = new HashSet<>(t.publicModels());
            for (PooledEndpoint pe : t.pool().endpoints()) {
                Endpoint e = pe.endpoint();
                names.addAll(e.models());
                if (e.model() != null && !e.model().isBlank()) {
                    names.add(e.model());
                }
            }
            byTenant.put(t.name(), Set.copyOf(names));
        }
        return new ModelNames(snapshot, Map.copyOf(byTenant));
    }

    @Override
    public void onCall(CallRecord r) {
        Meters m = meters.computeIfAbsent(labels(r), this::register);
        m.duration().record(r.latencyMillis(), TimeUnit.MILLISECONDS);
        Usage usage = r.usage();
        if (usage != null) {
            m.inputTokens().record(usage.inputTokens());
            if (r.operation() != Operation.EMBEDDINGS) {
                // Embeddings have input tokens only: a 0 would pull every output-token percentile down.
                m.outputTokens().record(usage.outputTokens());
            }
        }
        if (r.streamed() && r.ttftMillis() >= 0) {
            m.timeToFirstToken().record(r.ttftMillis(), TimeUnit.MILLISECONDS);
            if (usage != null && usage.outputTokens() > 1) {
                long afterFirst = Math.max(0, r.latencyMillis() - r.ttftMillis());
                m.timePerOutputToken().record(afterFirst * 1_000_000L / (usage.outputTokens() - 1),
                        TimeUnit.NANOSECONDS);
            }
        }
    }

    private Labels labels(CallRecord r) {
        Set<String> known = models().getOrDefault(r.tenant(), Set.of());
        String model = r.requestModel() == null ? NONE : known.contains(r.requestModel()) ? r.requestModel() : OTHER;
        return new Labels(r.operation().tag(), r.tenant(), r.keyName() == null ? NONE : r.keyName(),
                r.endpoint() == null ? NONE : r.endpoint(), model,
                r.upstreamProtocol() == null ? NONE : GenAi.provider(r.upstreamProtocol()),
                r.clientProtocol().configName(), r.outcome());
    }

    private Meters register(Labels labels) {
        Tags tags = labels.tags();
        Timer duration = Timer.builder(OPERATION_DURATION).description("Duration of routed GenAI calls")
                .tags(tags).serviceLevelObjectives(DURATION_BUCKETS).register(registry);
        DistributionSummary input = tokens(tags, "input");
        DistributionSummary output = tokens(tags, "output");
        Timer ttft = Timer.builder(TIME_TO_FIRST_TOKEN)
                .description("Time from a streamed call's arrival to its first byte sent to the caller")
                .tags(tags).serviceLevelObjectives(TTFT_BUCKETS).register(registry);
        Timer tpot = Timer.builder(TIME_PER_OUTPUT_TOKEN)
                .description("Time per output token of a streamed call after its first byte")
                .tags(tags).serviceLevelObjectives(TPOT_BUCKETS).register(registry);
        return new Meters(duration, input, output, ttft, tpot);
    }

    private DistributionSummary tokens(Tags tags, String type) {
        return DistributionSummary.builder(TOKEN_USAGE).description("Tokens per routed GenAI call, by token type")
                .tags(tags).tag("gen_ai.token.type", type).serviceLevelObjectives(TOKEN_BUCKETS).register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }
}
