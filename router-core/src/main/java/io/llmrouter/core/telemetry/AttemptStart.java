package io.llmrouter.core.telemetry;

import io.llmrouter.api.Endpoint;
import io.llmrouter.core.breaker.CircuitBreaker;

/**
 * What is known when an upstream attempt starts.
 *
 * @param endpoint      the endpoint called
 * @param number        the attempt's number within the call, from 1
 * @param upstreamModel the model asked of the upstream
 * @param url           the upstream URL (its host becomes {@code server.address}; the query is never recorded)
 * @param breakerState  the state of the breaker that admitted the attempt
 */
public record AttemptStart(Endpoint endpoint, int number, String upstreamModel, String url,
                           CircuitBreaker.State breakerState) {
}
