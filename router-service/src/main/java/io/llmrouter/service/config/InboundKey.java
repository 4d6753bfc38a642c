package io.llmrouter.service.config;

import io.llmrouter.core.governance.Governor;
import io.llmrouter.core.routing.Entitlement;
import java.util.List;
import java.util.Set;

/**
 * One inbound key of a tenant, as the gateway needs it per call: its name (what metrics, traces, usage records and
 * logs carry instead of the key), its model allow-list, its expiry and its limits. The key itself is not kept.
 *
 * @param name        {@code api-keys[i]} for the i-th of {@code api-keys}, else the name under {@code inbound-keys}
 * @param models      the models it may call; null for all its tenant's
 * @param expiresAt   when it stops working, milliseconds since the epoch; {@link #NEVER} when it does not expire
 * @param governor    the tenant's limits and its own
 * @param entitlement what its calls may do without a limit ({@code models}, no settlement): made once, not per call
 */
public record InboundKey(String name, Set<String> models, long expiresAt, Governor governor, Entitlement entitlement) {

    /** No expiry. */
    public static final long NEVER = Long.MAX_VALUE;
    /**
     * The {@code key} tag of metrics for every key of {@code api-keys}: one value, however many the list holds (their
     * own names, {@code api-keys[i]}, change when the list is reordered).
     */
    public static final String UNNAMED = "api-keys";

    /**
     * The {@code key} tag of metrics for the key named {@code name}: its name, {@value #UNNAMED} for a key of
     * {@code api-keys}, {@code none} when there is no key. Key names cannot hold {@code [}, so the values never mix.
     */
    public static String tag(String name) {
        return name == null ? "none" : name.startsWith(UNNAMED + "[") ? UNNAMED : name;
    }

    public InboundKey(String name, Set<String> models, long expiresAt, Governor governor) {
        this(name, models, expiresAt, governor, models == null ? Entitlement.ALL : new Entitlement(models, null));
    }

    /** Whether the key has expired at {@code nowMillis}. */
    public boolean expired(long nowMillis) {
        return nowMillis >= expiresAt;
    }

    /** Whether the key may call {@code model}. */
    public boolean allows(String model) {
        return models == null || models.contains(model);
    }

    /** {@code tenantModels} as this key sees them: those of its allow-list, in the tenant's order. */
    public List<String> visible(List<String> tenantModels) {
        return models == null ? tenantModels : tenantModels.stream().filter(models::contains).toList();
    }
}
