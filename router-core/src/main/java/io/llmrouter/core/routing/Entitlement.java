package io.llmrouter.core.routing;

import io.llmrouter.core.governance.Settlement;
import java.util.Set;

/**
 * What the caller's inbound key entitles one call to, beyond its tenant's endpoints: the models it may call, and what
 * it holds of its tenant's and its own limits (reserved and settled by the call).
 *
 * @param models     the models the key may call; null for all of its tenant's
 * @param settlement the call's share of the limits, admitted before routing; null when no limit applies
 */
public record Entitlement(Set<String> models, Settlement settlement) {

    /** Every model of the tenant, no limit. */
    public static final Entitlement ALL = new Entitlement(null, null);

    /** Whether the key may call {@code model}. */
    public boolean allows(String model) {
        return models == null || models.contains(model);
    }
}
