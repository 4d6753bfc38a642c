package io.llmrouter.service.state;

import io.llmrouter.core.governance.Meter;
import io.llmrouter.core.governance.ScopeLimits;
import io.llmrouter.service.config.InboundKey;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gives back the leases nobody takes from: every half of {@code router.state.lease-idle}, a Vert.x timer looks at
 * every meter of every tenant and key, and a meter whose lease has not been used for {@code lease-idle} returns its
 * unused units to the store. Capacity a quiet replica holds thus goes back to the replicas that need it, within
 * {@code lease-idle} to 1.5 × {@code lease-idle} of its last use. Nothing of it runs on a call's path; with the
 * local store there is no other replica to give to, and no timer.
 */
@Singleton
public class IdleLeases {

    private final Supplier<? extends Collection<Tenant>> tenants;
    private final long idleMillis;
    private final long intervalMillis;
    private final boolean shared;
    private final Vertx vertx;
    private long timer = -1;

    @Inject
    public IdleLeases(SharedState state, TenantRegistry tenants, Vertx vertx) {
        this(tenants::tenants, state.settings().leaseIdle().toMillis(), state.settings().leaseIdle().toMillis() / 2,
                state.settings().shared(), vertx);
    }

    /**
     * @param tenants        the tenants as they are now (read at every look, so that a reload is seen)
     * @param idleMillis     how long a lease stays unused before it is given back
     * @param intervalMillis how often leases are looked at
     * @param shared         whether other replicas share the store (without them there is nothing to do)
     */
    IdleLeases(Supplier<? extends Collection<Tenant>> tenants, long idleMillis, long intervalMillis, boolean shared,
               Vertx vertx) {
        this.tenants = tenants;
        this.idleMillis = idleMillis;
        this.intervalMillis = Math.max(1, intervalMillis);
        this.shared = shared;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the timer, with a shared store only. */
    void start() {
        if (shared && timer < 0) {
            timer = vertx.setPeriodic(intervalMillis, id -> giveBack());
        }
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Gives back what idle leases hold; returns the units given back. */
    long giveBack() {
        long units = 0;
        for (Meter meter : meters(tenants.get())) {
            units += meter.giveBackIfIdle(idleMillis);
        }
        return units;
    }

    /** Every windowed meter of these tenants and their keys, each once (a tenant's own are shared by its keys). */
    static Set<Meter> meters(Collection<Tenant> tenants) {
        Set<Meter> meters = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tenant t : tenants) {
            for (InboundKey key : t.keys()) {
                for (ScopeLimits scope : key.governor().scopes()) {
                    for (Meter m : new Meter[] {scope.requests(), scope.tokens(), scope.budget()}) {
                        if (m != null) {
                            meters.add(m);
                        }
                    }
                }
            }
        }
        return meters;
    }
}
