package io.llmrouter.service.config;

import io.llmrouter.core.selection.BreakerEvents;

/**
 * Where each tenant's endpoint pool reports the opens its breakers decide themselves: to the other replicas with the
 * shared state in Redis, nowhere with the local store.
 */
@FunctionalInterface
public interface PoolEvents {

    /** Reports nowhere. */
    PoolEvents NONE = tenant -> BreakerEvents.NONE;

    /** The sink of one tenant's pool. */
    BreakerEvents of(String tenant);
}
