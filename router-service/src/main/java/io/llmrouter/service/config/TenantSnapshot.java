package io.llmrouter.service.config;

import io.llmrouter.core.governance.Meter;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.SlotMeter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The tenants as one load of the configuration made them, immutable: a call resolves its key to a tenant once, at
 * admission, and keeps that tenant (its endpoints, prices and limits) to its end, whatever loads after it.
 *
 * @param generation    1 for the start-up's load, one more for every reload applied
 * @param tenants       every tenant by name
 * @param keys          the index of their inbound keys
 * @param failingClosed the tenants whose limits fail closed while the state store is unreachable, by name
 * @param meters        the meters of their limits and budgets, by counters (taken over by the next load)
 * @param slots         the meters of their concurrency limits, by counters
 * @param files         the tenant files it was loaded from; null without {@code router.tenants-dir}
 * @param loadedAt      when it was loaded
 */
public record TenantSnapshot(long generation, Map<String, Tenant> tenants, KeyIndex keys, List<String> failingClosed,
                             Map<MeterKey, Meter> meters, Map<MeterKey, SlotMeter> slots, TenantFiles files,
                             Instant loadedAt) {

    /** The tenant files' fingerprint ({@link TenantFiles#fingerprint()}); empty without tenant files. */
    public String fingerprint() {
        return files == null ? "" : files.fingerprint();
    }
}
