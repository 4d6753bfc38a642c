package io.llmrouter.service.config;

import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.selection.PooledEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Reloads the tenant files of {@code router.tenants-dir} when they change, without a restart. Every
 * {@code router.tenants-dir-interval} a Vert.x timer has a worker read the directory ({@link #poll}) and fingerprint
 * its contents (through symlinks: Kubernetes updates a mounted ConfigMap or Secret by swapping the {@code ..data} link
 * the files point through, which no file event names). A new fingerprint is applied once the next check sees it again,
 * so a file still being written is not judged half-way. A change that does not load or validate is refused whole: the
 * running tenants stay, one ERROR names the file and the property, and the same contents are not tried again until
 * the directory changes.
 */
@Singleton
public class TenantReloader {

    /** What one check found. */
    public enum Outcome {
        /** The contents are those applied or refused last. */
        UNCHANGED,
        /** New contents, applied once the next check finds them again. */
        CHANGING,
        /** New contents, now the tenants. */
        APPLIED,
        /** New contents that do not load or validate; the tenants did not change. */
        REJECTED,
        /** The directory could not be read; the tenants did not change. */
        UNREADABLE
    }

    private static final Logger LOG = Logger.getLogger(TenantReloader.class);
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(1);

    private final TenantRegistry tenants;
    private final Vertx vertx;
    private final Duration interval;
    private final Counter applied;
    private final Counter rejected;
    private final AtomicBoolean polling = new AtomicBoolean();
    /** The fingerprint the previous check saw. */
    private String seen;
    /** The fingerprint applied or refused last: what the tenants are, or what was refused. */
    private String settled;
    private volatile boolean lastRejected;
    private volatile String unreadable;
    private long timer = -1;

    @Inject
    public TenantReloader(TenantRegistry tenants, RouterConfig config, Vertx vertx, MeterRegistry registry) {
        this.tenants = tenants;
        this.vertx = vertx;
        this.interval = config.tenantsDirInterval();
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new ConfigurationException("router.tenants-dir-interval", "must be between 100ms and 1m, got "
                    + interval);
        }
        this.seen = tenants.snapshot().fingerprint();
        this.settled = seen;
        this.applied = reloads(registry, "applied");
        this.rejected = reloads(registry, "rejected");
        Gauge.builder("router_config_generation", tenants, t -> t.snapshot().generation())
                .description("Generation of the tenants' configuration: 1 at start-up, one more per reload applied")
                .register(registry);
        Gauge.builder("router_config_rejected", this, r -> r.rejected() ? 1 : 0)
                .description("1 while the last change of the tenant files was refused (the previous tenants serve)")
                .register(registry);
    }

    private static Counter reloads(MeterRegistry registry, String result) {
        return Counter.builder("router_config_reloads")
                .description("Changes of the tenant files, applied or refused (invalid: the previous tenants serve)")
                .tag("result", result).register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (tenants.dir() != null) {
            timer = vertx.setPeriodic(interval.toMillis(), id -> {
                // Reading and parsing files blocks: on a worker, one check at a time.
                if (polling.compareAndSet(false, true)) {
                    vertx.executeBlocking(this::poll, false).onComplete(done -> polling.set(false));
                }
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Whether the last change of the tenant files was refused (until a later change applies). */
    public boolean rejected() {
        return lastRejected;
    }

    /** The check interval. */
    public Duration interval() {
        return interval;
    }

    /** One check of the tenant directory: reads it, and applies new contents seen twice in a row. Blocks. */
    public synchronized Outcome poll() {
        TenantFiles files;
        try {
            files = TenantFiles.read(tenants.dir());
        } catch (RuntimeException e) {
            if (!e.getMessage().equals(unreadable)) {
                unreadable = e.getMessage();
                LOG.warnf("Tenant files in %s cannot be read (%s); the tenants stay as they are", tenants.dir(),
                        e.getMessage());
            }
            return Outcome.UNREADABLE;
        }
        unreadable = null;
        String fingerprint = files.fingerprint();
        if (fingerprint.equals(settled)) {
            seen = fingerprint;
            return Outcome.UNCHANGED;
        }
        if (!fingerprint.equals(seen)) {
            seen = fingerprint;
            return Outcome.CHANGING;
        }
        settled = fingerprint;
        TenantSnapshot previous = tenants.snapshot();
        try {
            TenantSnapshot next = tenants.reload(files);
            lastRejected = false;
            applied.increment();
            LOG.infof("Tenant files in %s applied: generation %d; %s", tenants.dir(), next.generation(),
                    describe(previous, next));
            return Outcome.APPLIED;
        } catch (RuntimeException e) {
            lastRejected = true;
            rejected.increment();
            LOG.errorf("Tenant files in %s not applied: %s; generation %d stays", tenants.dir(), e.getMessage(),
                    previous.generation());
            return Outcome.REJECTED;
        }
    }

    /** Tenants added, changed and removed, and what became of the endpoints of those kept. */
    static String describe(TenantSnapshot previous, TenantSnapshot next) {
        Map<String, Map<String, String>> before = previous.files() == null ? Map.of() : previous.files().byTenant();
        Map<String, Map<String, String>> after = next.files() == null ? Map.of() : next.files().byTenant();
        Set<String> added = new TreeSet<>(next.tenants().keySet());
        added.removeAll(previous.tenants().keySet());
        Set<String> removed = new TreeSet<>(previous.tenants().keySet());
        removed.removeAll(next.tenants().keySet());
        List<String> changed = new ArrayList<>();
        int kept = 0;
        int carried = 0;
        int reset = 0;
        for (Tenant t : next.tenants().values()) {
            Tenant old = previous.tenants().get(t.name());
            if (old == null) {
                continue;
            }
            if (!before.getOrDefault(t.name(), Map.of()).equals(after.getOrDefault(t.name(), Map.of()))) {
                changed.add(t.name());
            }
            for (PooledEndpoint pe : t.pool().endpoints()) {
                PooledEndpoint was = old.pool().find(pe.name());
                if (was == pe) {
                    kept++;
                } else if (was != null && PooledEndpoint.sameUpstream(was.endpoint(), pe.endpoint())) {
                    carried++;
                } else if (was != null) {
                    reset++;
                }
            }
        }
        return "tenants added " + added + ", changed " + new TreeSet<>(changed) + ", removed " + removed
                + "; endpoints kept " + kept + ", carried over " + carried + ", reset " + reset;
    }
}
