package io.llmrouter.core.governance;

/**
 * What a tenant's meters do when the state store cannot be reached; configured as {@code fail-open} or
 * {@code fail-closed}.
 */
public enum StoreFailure {
    /**
     * Each replica counts locally on its share of what the store had left, so calls go on (an outage of the limiter
     * does not take the fleet down).
     */
    FAIL_OPEN,
    /**
     * Calls are served from the capacity already granted to this replica; a call that needs more is refused with 503
     * and {@code Retry-After: 1}.
     */
    FAIL_CLOSED
}
