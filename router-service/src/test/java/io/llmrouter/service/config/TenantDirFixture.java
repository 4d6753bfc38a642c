package io.llmrouter.service.config;

import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.WallClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;

/**
 * A tenant registry and its reloader on a tenant directory, built as the application builds them, with scripted
 * clocks and a local store; the reloader's timer is never started: tests call {@link TenantReloader#poll()}.
 */
public final class TenantDirFixture {

    public final TenantRegistry registry;
    public final TenantReloader reloader;
    public final LocalStateStore store;

    public TenantDirFixture(Path dir, Ticker ticker, WallClock clock, MeterRegistry meters, Vertx vertx) {
        SmallRyeConfig running = TenantFilesTest.running(Map.of("router.tenants-dir", dir.toString()));
        RouterConfig config = running.getConfigMapping(RouterConfig.class);
        store = new LocalStateStore(clock);
        registry = new TenantRegistry(config, running, ticker, store, clock, PoolEvents.NONE);
        reloader = new TenantReloader(registry, config, vertx, meters);
    }
}
