package io.llmrouter.core.governance;

import java.util.Locale;

/** What a tenant's meters do when the state store cannot be reached. */
public enum StoreFailure {
    /** Count locally on a share of what was left (an outage of the limiter does not take the fleet down). */
    FAIL_OPEN,
    /** Serve what was already granted; refuse (503) a call that would need the store. */
    FAIL_CLOSED;

    /** {@code fail-open} or {@code fail-closed}, as configured. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy configured as {@code fail-open} or {@code fail-closed}; null for anything else. */
    public static StoreFailure parse(String id) {
        for (StoreFailure f : values()) {
            if (f.id().equalsIgnoreCase(id.trim())) {
                return f;
            }
        }
        return null;
    }
}
