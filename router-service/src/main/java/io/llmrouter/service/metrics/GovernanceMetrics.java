package io.llmrouter.service.metrics;

import io.llmrouter.core.governance.Meter;
import io.llmrouter.core.governance.ScopeLimits;
import io.llmrouter.core.governance.SlotMeter;
import io.llmrouter.core.governance.Units;
import io.llmrouter.core.governance.WallClock;
import io.llmrouter.service.config.InboundKey;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The state of tenants' and keys' limits as gauges and counters, read from the meters when Prometheus scrapes (nothing
 * on a call's path): budgets (spent, limit, past the soft threshold), when named keys expire, corrections that came
 * after their window, and the local shares taken while the store could not be asked. One series per configured
 * budget, key or tenant and dimension: the tag values are names from the configuration, never keys.
 *
 * <p>With {@code router.state.store=redis} a budget's spent amount is what this replica knows: the fleet's claimed
 * count at its last renewal less what its own lease still holds; see {@link Meter#usedUnits()}.
 */
@Singleton
public class GovernanceMetrics {

    /** The {@code key} tag of a tenant's own limits, which belong to no key. */
    static final String NO_KEY = "-";

    private final MeterRegistry registry;
    private final TenantRegistry tenants;
    private final WallClock clock;
    /** The lists the counters sum over: a function counter holds its object weakly. */
    private final List<List<?>> summed = new ArrayList<>();
    /** What {@link #register(Collection)} registered, removed when a reload replaces the snapshot. */
    private final List<io.micrometer.core.instrument.Meter> registered = new ArrayList<>();

    @Inject
    public GovernanceMetrics(MeterRegistry registry, TenantRegistry tenants, WallClock clock) {
        this.registry = registry;
        this.tenants = tenants;
        this.clock = clock;
    }

    void register(@Observes StartupEvent event) {
        tenants.onReload((previous, next) -> followReload(next.tenants().values()));
        register(tenants.tenants());
    }

    /**
     * After a reload the series describe the new snapshot's meters: a carried meter is the same object and keeps its
     * values; a replaced one (its limit or window changed) starts its counters again, which Prometheus reads as a
     * counter reset; a removed tenant's or key's series go.
     */
    synchronized void followReload(Collection<Tenant> configured) {
        registered.forEach(registry::remove);
        registered.clear();
        summed.clear();
        register(configured);
    }

    /** Registers the meters of {@code configured}'s limits, budgets and keys. */
    synchronized void register(Collection<Tenant> configured) {
        for (Tenant t : configured) {
            Set<ScopeLimits> scopes = Collections.newSetFromMap(new IdentityHashMap<>());
            for (InboundKey key : t.keys()) {
                scopes.addAll(key.governor().scopes());
                if (key.expiresAt() != InboundKey.NEVER) {
                    registered.add(Gauge.builder("router_inbound_key_expiry_seconds", key,
                                    k -> (k.expiresAt() - clock.millis()) / 1000.0)
                            .description("Seconds until a named inbound key expires (negative once it has)")
                            .tag("tenant", t.name()).tag("key", key.name()).register(registry));
                }
            }
            Map<String, List<Meter>> windowed = new TreeMap<>();
            List<SlotMeter> slots = new ArrayList<>();
            for (ScopeLimits scope : scopes) {
                for (Meter m : new Meter[] {scope.requests(), scope.tokens(), scope.budget()}) {
                    if (m != null) {
                        windowed.computeIfAbsent(m.key().dimension().id(), d -> new ArrayList<>()).add(m);
                    }
                }
                if (scope.concurrent() != null) {
                    slots.add(scope.concurrent());
                }
                if (scope.budget() != null) {
                    budget(t.name(), scope);
                }
            }
            windowed.forEach((dimension, meters) -> {
                if (!"rpm".equals(dimension)) {
                    // A request's unit is never corrected: only tokens and budgets can be late.
                    counter("router_limit_late_corrections", "Corrections past a call's reservation that arrived "
                            + "after their window ended: a token rate's are dropped, a budget's still count in the "
                            + "period the call began in", t.name(), dimension, meters, Meter::lateCorrections);
                }
                counter("router_state_local_shares", LOCAL_SHARES, t.name(), dimension, meters,
                        Meter::failOpenGrants);
            });
            if (!slots.isEmpty()) {
                counter("router_state_local_shares", LOCAL_SHARES, t.name(), "conc", slots,
                        SlotMeter::failOpenGrants);
            }
        }
    }

    private static final String LOCAL_SHARES = "Times a meter could not ask the state store and went on with its local "
            + "share of the limit (fail-open)";

    private void budget(String tenant, ScopeLimits scope) {
        Meter budget = scope.budget();
        String key = ScopeLimits.TENANT.equals(scope.scope()) ? NO_KEY : scope.name();
        registered.add(Gauge.builder("router_budget_spent_usd", budget, m -> Units.usd(m.usedUnits()))
                .description("Spent in the budget's current period, as this replica knows it (with Redis: the "
                        + "fleet's count at its last renewal less its own unused lease)")
                .tag("tenant", tenant).tag("scope", scope.scope()).tag("key", key).register(registry));
        registered.add(Gauge.builder("router_budget_limit_usd", budget, m -> Units.usd(m.limit()))
                .description("A budget per period, in USD")
                .tag("tenant", tenant).tag("scope", scope.scope()).tag("key", key).register(registry));
        registered.add(Gauge.builder("router_budget_soft_limit", scope,
                        s -> s.budget().used() * 100 >= s.softPercent() ? 1 : 0)
                .description("1 while a budget is past its soft threshold (soft-percent), else 0")
                .tag("tenant", tenant).tag("scope", scope.scope()).tag("key", key).register(registry));
    }

    private <T> void counter(String name, String description, String tenant, String dimension, List<T> meters,
                             ToLongFunction<T> count) {
        List<T> all = List.copyOf(meters);
        summed.add(all);
        registered.add(FunctionCounter.builder(name, all, list -> list.stream().mapToLong(count).sum())
                .description(description).tag("tenant", tenant).tag("dimension", dimension).register(registry));
    }
}
