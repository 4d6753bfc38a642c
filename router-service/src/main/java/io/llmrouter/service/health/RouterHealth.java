package io.llmrouter.service.health;

import io.llmrouter.core.selection.PooledEndpoint;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.llmrouter.service.config.TenantReloader;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health checks. Liveness: the process works. Readiness: configuration loaded (this bean exists only if it was), with
 * each endpoint's breaker state (and the models benched on endpoints that pass the caller's model through) as data;
 * deliberately UP even when upstreams are down, because an upstream outage would otherwise take every pod out of the
 * ingress at once. Group {@code upstreams}: DOWN when some tenant has no admissible endpoint, for dashboards and
 * alerts.
 */
public final class RouterHealth {

    private RouterHealth() {
    }

    /**
     * Each endpoint's own breaker as {@code <tenant>.<endpoint>}, and for an endpoint that passes the caller's model
     * through, each model whose breaker is not closed as {@code <tenant>.<endpoint>[<model>]} (a bounded list: see
     * PooledEndpoint).
     */
    static HealthCheckResponseBuilder withBreakers(HealthCheckResponseBuilder b, TenantRegistry tenants) {
        for (Tenant t : tenants.tenants()) {
            for (PooledEndpoint pe : t.pool().endpoints()) {
                String name = t.name() + "." + pe.endpoint().name();
                b.withData(name, pe.breaker().state().name());
                pe.modelsNotClosed().forEach((model, state) -> b.withData(name + "[" + model + "]", state.name()));
            }
        }
        return b;
    }

    /** The process is alive. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.up("router");
        }
    }

    /**
     * Configuration loaded; its generation, whether the last change of the tenant files was refused, and breaker
     * states as data. A refused change leaves the running configuration, which is valid: still UP.
     */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final TenantRegistry tenants;
        private final TenantReloader reloader;

        @Inject
        public Ready(TenantRegistry tenants, TenantReloader reloader) {
            this.tenants = tenants;
            this.reloader = reloader;
        }

        @Override
        public HealthCheckResponse call() {
            return withBreakers(HealthCheckResponse.named("router-config").up()
                    .withData("tenants", tenants.tenants().size())
                    .withData("config.generation", tenants.snapshot().generation())
                    .withData("config.rejected", reloader.rejected()), tenants).build();
        }
    }

    /** DOWN when some tenant has no endpoint whose breakers admit calls (for some model it serves). */
    @HealthGroup("upstreams")
    @ApplicationScoped
    public static class Upstreams implements HealthCheck {
        private final TenantRegistry tenants;

        @Inject
        public Upstreams(TenantRegistry tenants) {
            this.tenants = tenants;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder b = withBreakers(HealthCheckResponse.named("upstreams"), tenants);
            boolean allServed = true;
            for (Tenant t : tenants.tenants()) {
                boolean any = false;
                for (PooledEndpoint pe : t.pool().endpoints()) {
                    any |= !pe.benched();
                }
                if (!any) {
                    b.withData("unserved." + t.name(), "every endpoint's breaker is open");
                }
                allServed &= any;
            }
            return b.status(allServed).build();
        }
    }
}
