package io.llmrouter.core.bench;

import io.llmrouter.core.governance.Dimension;
import io.llmrouter.core.governance.Governor;
import io.llmrouter.core.governance.LocalStateStore;
import io.llmrouter.core.governance.Meter;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.Pass;
import io.llmrouter.core.governance.ScopeLimits;
import io.llmrouter.core.governance.Settlement;
import io.llmrouter.core.governance.SlotMeter;
import io.llmrouter.core.governance.StoreFailure;
import io.llmrouter.core.governance.Units;
import io.llmrouter.core.governance.WallClock;
import io.llmrouter.core.governance.Window;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One governed call's checks on the local store, as the gateway and the router make them: admission (concurrency,
 * requests per minute), reservation (tokens, budget) and settlement. Limits high enough never to refuse, so the
 * meters' fast path (a lease with units left) is what is measured: with one meter (a tenant's requests per minute)
 * and with all eight (four for the tenant, four for the key).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GovernanceBenchmark {

    private static final long HUGE = 1L << 50;

    private Governor oneMeter;
    private Governor eightMeters;

    @Setup
    public void setUp() {
        LocalStateStore store = new LocalStateStore(WallClock.SYSTEM);
        oneMeter = new Governor("t", new ScopeLimits(ScopeLimits.TENANT, "t",
                meter(store, MeterKey.TENANT, Dimension.REQUESTS, Window.MINUTE), null, null, null, 80, Double.NaN),
                null, WallClock.SYSTEM);
        eightMeters = new Governor("t", scope(store, ScopeLimits.TENANT, MeterKey.TENANT),
                scope(store, ScopeLimits.KEY, MeterKey.keyScope("k")), WallClock.SYSTEM);
    }

    private static ScopeLimits scope(LocalStateStore store, String scope, String meterScope) {
        return new ScopeLimits(scope, "k", meter(store, meterScope, Dimension.REQUESTS, Window.MINUTE),
                meter(store, meterScope, Dimension.TOKENS, Window.MINUTE),
                new SlotMeter(new MeterKey("t", meterScope, Dimension.CONCURRENCY), 1_000_000, store,
                        StoreFailure.FAIL_OPEN),
                meter(store, meterScope, Dimension.BUDGET, Window.MONTH), 80, Double.NaN);
    }

    private static Meter meter(LocalStateStore store, String scope, Dimension d, Window w) {
        return new Meter(new MeterKey("t", scope, d), HUGE, w, store, StoreFailure.FAIL_OPEN, WallClock.SYSTEM,
                Meter.DEFAULT_LEASE_FRACTION);
    }

    private static Settlement call(Governor g) {
        Settlement s = ((Pass.Admitted) g.admit().await().indefinitely()).settlement();
        s.priceCeiling();
        s.reserve(1_200, Units.nanos(0.002)).await().indefinitely();
        s.settle(1_500, 0.0021);
        return s;
    }

    /** A tenant with requests per minute only. */
    @Benchmark
    public Settlement oneMeter() {
        return call(oneMeter);
    }

    /** A tenant and its key with all four limits each. */
    @Benchmark
    public Settlement eightMeters() {
        return call(eightMeters);
    }
}
