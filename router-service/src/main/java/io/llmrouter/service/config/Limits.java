package io.llmrouter.service.config;

import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.governance.Dimension;
import io.llmrouter.core.governance.Meter;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.ScopeLimits;
import io.llmrouter.core.governance.SlotMeter;
import io.llmrouter.core.governance.StateStore;
import io.llmrouter.core.governance.StoreFailure;
import io.llmrouter.core.governance.Units;
import io.llmrouter.core.governance.WallClock;
import io.llmrouter.core.governance.Window;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Builds the meters of a tenant's or a key's {@link RouterConfig.Governance} on the state store, validating each
 * setting; a bad value stops start-up with a message naming the property.
 */
final class Limits {

    private final StateStore store;
    private final WallClock clock;
    private final StoreFailure onFailure;
    private final double leaseFraction;
    private final Carryover carryover;

    /**
     * @param leaseFraction {@code router.state.lease-fraction}, checked at start-up with the store's settings
     * @param carryover     the meters a reload takes over from the previous snapshot
     */
    Limits(StateStore store, WallClock clock, StoreFailure onFailure, double leaseFraction, Carryover carryover) {
        this.store = store;
        this.clock = clock;
        this.onFailure = onFailure;
        this.leaseFraction = leaseFraction;
        this.carryover = carryover;
    }

    /**
     * The meters of {@code g} set under {@code prefix}; null when none is set.
     *
     * @param scope {@link ScopeLimits#TENANT} or {@link ScopeLimits#KEY}
     * @param name  the tenant's or the key's name
     */
    ScopeLimits of(String tenant, String scope, String name, RouterConfig.Governance g, String prefix) {
        String meterScope = ScopeLimits.TENANT.equals(scope) ? MeterKey.TENANT : MeterKey.keyScope(name);
        Meter requests = positive(g.requestsPerMinute(), prefix + ".requests-per-minute")
                .map(n -> meter(tenant, meterScope, Dimension.REQUESTS, n, Window.MINUTE)).orElse(null);
        Meter tokens = positive(g.tokensPerMinute(), prefix + ".tokens-per-minute")
                .map(n -> meter(tenant, meterScope, Dimension.TOKENS, n, Window.MINUTE)).orElse(null);
        SlotMeter concurrent = positive(g.maxConcurrent(), prefix + ".max-concurrent")
                .map(n -> carryover.slots(new SlotMeter(new MeterKey(tenant, meterScope, Dimension.CONCURRENCY), n,
                        store, onFailure)))
                .orElse(null);
        RouterConfig.Budget b = g.budget();
        String bp = prefix + ".budget";
        Meter budget = null;
        if (b.usd().isPresent()) {
            double usd = b.usd().get();
            if (!(usd > 0) || usd > Units.MAX_BUDGET_USD) {
                throw new ConfigurationException(bp + ".usd", "must be more than 0 and at most 1000000, got " + usd);
            }
            budget = meter(tenant, meterScope, Dimension.BUDGET, Units.nanos(usd), window(b, bp));
        }
        if (b.softPercent() < 1 || b.softPercent() > 100) {
            throw new ConfigurationException(bp + ".soft-percent", "must be between 1 and 100, got " + b.softPercent());
        }
        double ceiling = b.downgradeMaxInputPrice().orElse(Double.NaN);
        if (b.downgradeMaxInputPrice().isPresent() && !(ceiling >= 0 && ceiling < Double.POSITIVE_INFINITY)) {
            throw new ConfigurationException(bp + ".downgrade-max-input-price",
                    "must be a price of at least 0 (USD per 1K input tokens), got " + ceiling);
        }
        ScopeLimits limits = new ScopeLimits(scope, name, requests, tokens, concurrent, budget, b.softPercent(),
                ceiling);
        return limits.any() ? limits : null;
    }

    private Meter meter(String tenant, String scope, Dimension dimension, long limit, Window window) {
        return carryover.meter(new Meter(new MeterKey(tenant, scope, dimension), limit, window, store, onFailure,
                clock, leaseFraction));
    }

    private static Window window(RouterConfig.Budget b, String prefix) {
        Instant anchor = b.periodAnchor().map(a -> instant(a, prefix + ".period-anchor")).orElse(Instant.EPOCH);
        try {
            return Window.parse(b.period(), anchor);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(prefix + ".period", e.getMessage());
        }
    }

    /** {@code value} as an ISO-8601 instant. */
    static Instant instant(String value, String property) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(property, "must be an ISO-8601 instant such as 2027-01-01T00:00:00Z, got '"
                    + value + "'");
        }
    }

    static Optional<Integer> positive(Optional<Integer> value, String property) {
        value.ifPresent(n -> {
            if (n < 1) {
                throw new ConfigurationException(property, "must be at least 1, got " + n);
            }
        });
        return value;
    }
}
