package io.llmrouter.service.config;

import io.llmrouter.api.Endpoint;
import io.llmrouter.core.breaker.Ticker;
import io.llmrouter.core.governance.Meter;
import io.llmrouter.core.governance.MeterKey;
import io.llmrouter.core.governance.SlotMeter;
import io.llmrouter.core.selection.BreakerEvents;
import io.llmrouter.core.selection.EndpointPool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one build of the tenants takes over from the snapshot it replaces (docs/operations.md, "Reloading tenant
 * files"): each tenant's endpoints with their breakers ({@link EndpointPool}'s reload constructor), and the meters of
 * limits and budgets by their scope's name (tenant, key name, dimension), so that a changed key value keeps its key's
 * budget. A meter that counts the same is kept; one whose limit, window or store-failure policy changed is replaced on
 * the same counters, and the old one is retired once the new snapshot is in place ({@link #retireReplaced}): nothing
 * changes while a build may still fail.
 */
final class Carryover {

    /** A build with nothing to take over: the first load. */
    static Carryover none() {
        return new Carryover(null);
    }

    private final TenantSnapshot previous;
    private final Map<MeterKey, Meter> meters = new HashMap<>();
    private final Map<MeterKey, SlotMeter> slots = new HashMap<>();

    private Carryover(TenantSnapshot previous) {
        this.previous = previous;
    }

    /** A build taking over from {@code previous}. */
    static Carryover from(TenantSnapshot previous) {
        return new Carryover(previous);
    }

    /** {@code wanted}, or the previous snapshot's meter of its counters when it counts the same. */
    Meter meter(Meter wanted) {
        Meter old = previous == null ? null : previous.meters().get(wanted.key());
        Meter kept = old != null && old.countsAs(wanted) ? old : wanted;
        meters.put(kept.key(), kept);
        return kept;
    }

    /** {@code wanted}, or the previous snapshot's slots of its counters when they count the same. */
    SlotMeter slots(SlotMeter wanted) {
        SlotMeter old = previous == null ? null : previous.slots().get(wanted.key());
        SlotMeter kept = old != null && old.countsAs(wanted) ? old : wanted;
        slots.put(kept.key(), kept);
        return kept;
    }

    /** The tenant's pool, taking over the live state of its previous one. */
    EndpointPool pool(String tenant, List<Endpoint> endpoints, int maxAttempts, Ticker ticker, BreakerEvents events) {
        Tenant old = previous == null ? null : previous.tenants().get(tenant);
        return new EndpointPool(endpoints, maxAttempts, ticker, events, old == null ? null : old.pool());
    }

    /** The meters this build uses, by counters. */
    Map<MeterKey, Meter> meters() {
        return Map.copyOf(meters);
    }

    /** The concurrency meters this build uses, by counters. */
    Map<MeterKey, SlotMeter> slots() {
        return Map.copyOf(slots);
    }

    /**
     * Retires the previous snapshot's meters this build did not keep (replaced, or of a removed scope): their unused
     * leases go back to the store, and the calls still holding them settle on the same counters.
     */
    void retireReplaced() {
        if (previous == null) {
            return;
        }
        previous.meters().forEach((key, old) -> {
            if (meters.get(key) != old) {
                old.retire();
            }
        });
    }
}
