package io.llmrouter.core.selection;

import io.llmrouter.api.Endpoint;
import io.llmrouter.core.breaker.CircuitBreaker;

/**
 * Where one tenant's pool reports the opens its breakers decide themselves (the service spreads them to the other
 * replicas). Called on the thread that reported the failing outcome, usually an event loop: must not block.
 */
@FunctionalInterface
public interface BreakerEvents {

    /** Reports nothing: a single instance. */
    BreakerEvents NONE = (endpoint, model, why, recoveryNanos) -> { };

    /**
     * @param endpoint      the endpoint whose breaker opened
     * @param model         null for the endpoint's own breaker, else the model whose breaker it is
     * @param why           what opened it
     * @param recoveryNanos how long it refuses calls before its probe
     */
    void opened(Endpoint endpoint, String model, CircuitBreaker.Opening why, long recoveryNanos);
}
