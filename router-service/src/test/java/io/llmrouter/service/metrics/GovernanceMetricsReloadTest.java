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

/** The governance series follow a reload: a removed key's budget goes, a new key's comes, a changed limit shows. */
class GovernanceMetricsReloadTest {

    @TempDir
    Path dir;

    private static String tenant(String keys) {
        StringBuilder sb = new StringBuilder("router.tenants.acme.api-keys=acme-inbound\n"
                + "router.tenants.acme.budget.usd=10\n"
                + "router.tenants.acme.keys.oa.protocol=openai\n"
                + "router.tenants.acme.keys.oa.base-url=https://api.openai.com\n"
                + "router.tenants.acme.keys.oa.api-key=sk-secret\n"
                + "router.tenants.acme.endpoints.a.key=oa\n"
                + "router.tenants.acme.endpoints.a.model=gpt-4o-mini\n");
        for (String k : keys.split(",")) {
            String[] nameAndBudget = k.split("=");
            String p = "router.tenants.acme.inbound-keys." + nameAndBudget[0] + ".";
            sb.append(p).append("key=key-of-").append(nameAndBudget[0]).append('\n')
                    .append(p).append("budget.usd=").append(nameAndBudget[1]).append('\n')
                    .append(p).append("expires=2030-01-01T00:00:00Z\n");
        }
        return sb.toString();
    }

    private static Set<String> series(SimpleMeterRegistry meters, String name) {
        Set<String> found = new TreeSet<>();
        for (Gauge g : meters.find(name).gauges()) {
            found.add(g.getId().getTag("key") + "=" + g.value());
        }
        return found;
    }

    @Test
    void seriesFollowTheSnapshot() {
        Vertx vertx = Vertx.vertx();
        try {
            KubeletVolume volume = new KubeletVolume(dir);
            volume.publish(Map.of("acme.properties", tenant("ci=1,batch=2")));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            TenantDirFixture f = new TenantDirFixture(dir, Ticker.SYSTEM, () -> 1_800_000_000_000L, meters, vertx);
            GovernanceMetrics metrics = new GovernanceMetrics(meters, f.registry, () -> 1_800_000_000_000L);
            metrics.register((io.quarkus.runtime.StartupEvent) null);
            assertEquals(Set.of("-=10.0", "batch=2.0", "ci=1.0"), series(meters, "router_budget_limit_usd"));

            volume.publish(Map.of("acme.properties", tenant("ci=3,nightly=4")));
            assertEquals(TenantReloader.Outcome.CHANGING, f.reloader.poll());
            assertEquals(TenantReloader.Outcome.APPLIED, f.reloader.poll());
            assertEquals(Set.of("-=10.0", "ci=3.0", "nightly=4.0"), series(meters, "router_budget_limit_usd"),
                    "batch's budget is gone, nightly's is new, ci shows its new limit");
            assertEquals(Set.of("ci", "nightly"), keys(meters, "router_inbound_key_expiry_seconds"));
            assertEquals(3, meters.find("router_budget_spent_usd").gauges().size());
        } finally {
            vertx.close();
        }
    }

    private static Set<String> keys(SimpleMeterRegistry meters, String name) {
        Set<String> found = new TreeSet<>();
        meters.find(name).gauges().forEach(g -> found.add(g.getId().getTag("key")));
        return found;
    }
}
