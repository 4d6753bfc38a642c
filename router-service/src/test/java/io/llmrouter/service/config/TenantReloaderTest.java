package io.llmrouter.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.breaker.CircuitBreaker;
import io.llmrouter.core.governance.Dimension;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.Pass;
import io.llmrouter.core.governance.Refusal;
import io.llmrouter.core.selection.PooledEndpoint;
import io.llmrouter.core.testing.CapturedLog;
import io.llmrouter.service.config.TenantReloader.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading the tenant files of a directory laid out like a Kubernetes volume, one check at a time
 * ({@link TenantReloader#poll}): what is applied, debounced or refused, and what state a reload keeps.
 */
class TenantReloaderTest {

    private static Vertx vertx;

    @TempDir
    java.nio.file.Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong millis = new AtomicLong(java.time.Instant.parse("2026-12-06T14:00:10Z").toEpochMilli());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private KubeletVolume volume;
    private TenantDirFixture fixture;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    /** Tenant acme with named key {@code ci} (2 requests a minute, 1 call at a time) and one endpoint. */
    private static Map<String, String> acme() {
        Map<String, String> p = new HashMap<>(TenantRegistryConfigTest.valid());
        p.put("router.tenants.acme.inbound-keys.ci.key", "ci-key-1");
        p.put("router.tenants.acme.inbound-keys.ci.requests-per-minute", "2");
        p.put("router.tenants.acme.inbound-keys.ci.max-concurrent", "1");
        p.put("router.tenants.acme.endpoints.main.breaker.threshold", "1");
        return p;
    }

    private void publish(Map<String, String> acme, String... others) {
        Map<String, String> files = new HashMap<>();
        files.put("acme.properties", TenantFilesTest.lines(acme, "acme"));
        for (String t : others) {
            files.put(t + ".properties", TenantFilesTest.tenantFile(t));
        }
        volume.publish(files);
    }

    /** Two checks: the first sees the change, the second applies (or refuses) it. */
    private Outcome settle() {
        assertEquals(Outcome.CHANGING, fixture.reloader.poll());
        return fixture.reloader.poll();
    }

    @BeforeEach
    void start() {
        volume = new KubeletVolume(dir);
        publish(acme());
        fixture = new TenantDirFixture(dir, nanos::get, millis::get, meters, vertx);
    }

    private TenantRegistry registry() {
        return fixture.registry;
    }

    private double reloads(String result) {
        return meters.get("router_config_reloads").tag("result", result).counter().count();
    }

    @Test
    void aChangedAddedAndRemovedTenantTakeEffect() {
        assertEquals(1, registry().snapshot().generation());
        assertEquals(Outcome.UNCHANGED, fixture.reloader.poll());
        Map<String, String> changed = acme();
        changed.put("router.tenants.acme.api-keys", "acme-inbound-2");
        publish(changed, "globex");
        assertEquals(Outcome.APPLIED, settle());
        assertEquals(2, registry().snapshot().generation());
        assertNull(registry().identify("acme-inbound"), "the old key stops");
        assertEquals("acme", registry().identify("acme-inbound-2").tenant().name());
        assertEquals("globex", registry().identify("globex-inbound").tenant().name());
        assertEquals(1, reloads("applied"));
        assertEquals(2, meters.get("router_config_generation").gauge().value());
        publish(changed);
        assertEquals(Outcome.APPLIED, settle());
        assertNull(registry().identify("globex-inbound"), "the removed tenant's key stops");
        assertEquals(List.of("acme"), List.copyOf(registry().snapshot().tenants().keySet()));
    }

    @Test
    void aHalfWrittenFileIsNotJudgedBeforeItSettles() {
        volume.publish(Map.of("acme.properties", TenantFilesTest.lines(acme(), "acme")
                + "router.tenants.acme.endpoints.main.input-pr"));
        assertEquals(Outcome.CHANGING, fixture.reloader.poll());
        Map<String, String> cheaper = acme();
        cheaper.put("router.tenants.acme.endpoints.main.input-price", "0.0005");
        publish(cheaper);
        assertEquals(Outcome.CHANGING, fixture.reloader.poll(), "new contents again: one more check");
        assertEquals(Outcome.APPLIED, fixture.reloader.poll());
        assertEquals(0, reloads("rejected"));
        assertEquals(0.0005, registry().tenants().iterator().next().pool().endpoints().get(0).endpoint().inputPrice());
    }

    @Test
    void anInvalidChangeIsRefusedWholeOnceAndThePreviousTenantsServe() {
        Map<String, String> bad = acme();
        bad.put("router.tenants.acme.api-keys", "acme-inbound-2");
        bad.put("router.tenants.acme.endpoints.main.breaker.recovery-timeout", "soon");
        publish(bad, "globex");
        List<LogRecord> log = CapturedLog.of(TenantReloader.class, () -> assertEquals(Outcome.REJECTED, settle()));
        List<LogRecord> errors = log.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertEquals(1, errors.size(), log.toString());
        String m = new PatternFormatter("%s").format(errors.get(0));
        assertTrue(m.contains("router.tenants.acme.endpoints.main.breaker.recovery-timeout")
                && m.contains("tenant file " + dir.resolve("acme.properties")) && m.contains("generation 1 stays"), m);
        assertEquals(1, registry().snapshot().generation());
        assertNotNull(registry().identify("acme-inbound"), "the previous tenants serve");
        assertNull(registry().identify("globex-inbound"), "nothing of the refused change is applied");
        assertTrue(fixture.reloader.rejected());
        assertEquals(1, meters.get("router_config_rejected").gauge().value());
        assertEquals(Outcome.UNCHANGED, fixture.reloader.poll(), "the same contents are not tried again");
        assertEquals(1, reloads("rejected"));
        publish(acme(), "globex");
        assertEquals(Outcome.APPLIED, settle());
        assertFalse(fixture.reloader.rejected());
        assertEquals(0, meters.get("router_config_rejected").gauge().value());
        assertEquals(2, registry().snapshot().generation());
    }

    @Test
    void anUnreadableDirectoryChangesNothing() throws Exception {
        java.nio.file.Files.move(dir.resolve("..data"), dir.resolve("..gone"));
        assertEquals(Outcome.CHANGING, fixture.reloader.poll(), "its links lead nowhere: no tenant file");
        assertEquals(Outcome.REJECTED, fixture.reloader.poll(), "no tenant at all is not a configuration");
        assertNotNull(registry().identify("acme-inbound"));
    }

    @Test
    void breakersOfUnchangedEndpointsSurviveAndANewUpstreamKeyStartsFresh() {
        PooledEndpoint before = registry().tenants().iterator().next().pool().endpoints().get(0);
        before.breaker().forceOpen();
        before.coolDown(30_000);
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        Map<String, String> p = acme();
        p.put("router.tenants.acme.api-keys", "acme-inbound-2");
        publish(p);
        assertEquals(Outcome.APPLIED, settle());
        PooledEndpoint same = endpoint();
        assertSame(before, same, "an endpoint configured as before is the same, its breaker with it");

        p.put("router.tenants.acme.endpoints.main.input-price", "0.0007");
        p.put("router.tenants.acme.endpoints.main.breaker.recovery-timeout", "30s");
        publish(p);
        assertEquals(Outcome.APPLIED, settle());
        PooledEndpoint repriced = endpoint();
        assertNotSame(before, repriced);
        assertEquals(CircuitBreaker.State.OPEN, repriced.breaker().state(), "same upstream: the open breaker stays");
        assertEquals(Duration.ofSeconds(30).toNanos(), repriced.breaker().remainingOpenNanos(),
                "what it had left (40 s), at most the new recovery timeout");
        assertEquals(10_000, repriced.remainingCoolMillis(), "the cooldown goes on");

        p.put("router.tenants.acme.keys.oa.api-key", "sk-new-value");
        publish(p);
        assertEquals(Outcome.APPLIED, settle());
        assertEquals(CircuitBreaker.State.CLOSED, endpoint().breaker().state(), "a new upstream key starts fresh");
        assertFalse(endpoint().isCooling());
    }

    private PooledEndpoint endpoint() {
        return registry().snapshot().tenants().get("acme").pool().endpoints().get(0);
    }

    private Pass admit(String key) {
        return registry().identify(key).key().governor().admit().await().indefinitely();
    }

    @Test
    void aKeysLimitsBelongToItsNameSoARotatedKeyKeepsThem() {
        MeterKey rpm = new MeterKey("acme", MeterKey.keyScope("ci"), Dimension.REQUESTS);
        var rate = registry().snapshot().meters().get(rpm);
        Pass.Admitted holding = assertInstanceOf(Pass.Admitted.class, admit("ci-key-1"));
        Map<String, String> rotated = acme();
        rotated.put("router.tenants.acme.inbound-keys.ci.key", "ci-key-2");
        publish(rotated);
        assertEquals(Outcome.APPLIED, settle());
        assertNull(registry().identify("ci-key-1"));
        assertSame(rate, registry().snapshot().meters().get(rpm), "the same meter, by the key's name");
        assertEquals(Refusal.MAX_CONCURRENT, assertInstanceOf(Pass.Refused.class, admit("ci-key-2")).reason(),
                "the call in flight with the old value holds the key's one slot");
        holding.settlement().settle(0, 0);
        assertInstanceOf(Pass.Admitted.class, admit("ci-key-2")).settlement().settle(0, 0);
        assertEquals(Refusal.REQUESTS_PER_MINUTE, assertInstanceOf(Pass.Refused.class, admit("ci-key-2")).reason(),
                "two requests this minute, one under each value");

        rotated.put("router.tenants.acme.inbound-keys.ci.requests-per-minute", "3");
        publish(rotated);
        assertEquals(Outcome.APPLIED, settle());
        assertNotSame(rate, registry().snapshot().meters().get(rpm), "a changed limit is a new meter");
        assertInstanceOf(Pass.Admitted.class, admit("ci-key-2")).settlement().settle(0, 0);
        assertEquals(Refusal.REQUESTS_PER_MINUTE, assertInstanceOf(Pass.Refused.class, admit("ci-key-2")).reason(),
                "on the same counters: the minute's two requests count against the new limit of 3");
    }

    @Test
    void theFailClosedTenantsFollowTheReload() {
        assertEquals(List.of(), registry().failingClosed());
        Map<String, String> p = acme();
        p.put("router.tenants.acme.on-store-failure", "fail-closed");
        publish(p);
        assertEquals(Outcome.APPLIED, settle());
        assertEquals(List.of("acme"), registry().failingClosed());
    }

    @Test
    void aChangeThatDoesNotValidateIsRefusedNamingFileAndProperty() {
        Map<String, String> p = acme();
        p.put("router.tenants.acme.endpoints.main.key", "nope");
        publish(p);
        List<LogRecord> log = CapturedLog.of(TenantReloader.class, () -> assertEquals(Outcome.REJECTED, settle()));
        String m = new PatternFormatter("%s").format(log.get(log.size() - 1));
        assertTrue(m.contains("router.tenants.acme.endpoints.main.key refers to 'nope'")
                && m.contains("(tenant file " + dir.resolve("acme.properties") + ")"), m);
    }

    @Test
    void aReplacedMeterGivesItsUnusedLeaseBack() {
        Map<String, String> p = acme();
        p.put("router.tenants.acme.inbound-keys.ci.tokens-per-minute", "1000000");
        publish(p);
        assertEquals(Outcome.APPLIED, settle());
        MeterKey tpm = new MeterKey("acme", MeterKey.keyScope("ci"), Dimension.TOKENS);
        long minute = io.llmrouter.core.governance.Window.MINUTE.start(millis.get());
        var call = assertInstanceOf(Pass.Admitted.class, admit("ci-key-1")).settlement();
        assertInstanceOf(Pass.Admitted.class, call.reserve(10_000, 0).await().indefinitely());
        call.settle(10_000, 0);
        assertTrue(fixture.store.claimed(tpm, minute) > 10_000, "the lease holds more than was used");
        p.put("router.tenants.acme.inbound-keys.ci.tokens-per-minute", "2000000");
        publish(p);
        assertEquals(Outcome.APPLIED, settle());
        assertEquals(10_000, fixture.store.claimed(tpm, minute), "the old meter's unused lease went back");
    }
}
