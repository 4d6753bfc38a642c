package io.llmrouter.service.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.service.config.KubeletVolume;
import io.llmrouter.service.config.TenantDirFixture;
import io.llmrouter.service.config.TenantReloader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breaker gauges follow a reload: a removed endpoint's go, a new one's come, a carried one's show its breaker. */
class BreakerGaugesReloadTest {

    @TempDir
    Path dir;

    private static String tenant(String... endpoints) {
        StringBuilder sb = new StringBuilder("router.tenants.acme.api-keys=acme-inbound\n"
                + "router.tenants.acme.keys.oa.protocol=openai\n"
                + "router.tenants.acme.keys.oa.base-url=https://api.openai.com\n"
                + "router.tenants.acme.keys.oa.api-key=sk-secret\n");
        for (String e : endpoints) {
            sb.append("router.tenants.acme.endpoints.").append(e).append(".key=oa\n")
                    .append("router.tenants.acme.endpoints.").append(e).append(".model=gpt-4o-mini\n");
        }
        return sb.toString();
    }

    private static Set<String> gauged(SimpleMeterRegistry meters) {
        Set<String> names = new TreeSet<>();
        for (Gauge g : meters.find("router_breaker_state").gauges()) {
            names.add(g.getId().getTag("tenant") + "." + g.getId().getTag("endpoint") + "=" + g.value());
        }
        return names;
    }

    @Test
    void gaugesFollowTheSnapshot() {
        Vertx vertx = Vertx.vertx();
        try {
            KubeletVolume volume = new KubeletVolume(dir);
            volume.publish(Map.of("acme.properties", tenant("a", "b")));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            TenantDirFixture f = new TenantDirFixture(dir, Ticker.SYSTEM, System::currentTimeMillis, meters, vertx);
            RouterMetrics metrics = new RouterMetrics(meters, f.registry);
            metrics.registerBreakerGauges(null);
            assertEquals(Set.of("acme.a=0.0", "acme.b=0.0"), gauged(meters));
            f.registry.snapshot().tenants().get("acme").pool().find("a").breaker().forceOpen();

            volume.publish(Map.of("acme.properties", tenant("a", "c")
                    + "router.tenants.acme.endpoints.a.input-price=0.5\n"));
            assertEquals(TenantReloader.Outcome.CHANGING, f.reloader.poll());
            assertEquals(TenantReloader.Outcome.APPLIED, f.reloader.poll());
            assertEquals(Set.of("acme.a=2.0", "acme.c=0.0"), gauged(meters),
                    "b's gauge is gone, c's is new, a's shows the carried open breaker of its new object");
        } finally {
            vertx.close();
        }
    }
}
