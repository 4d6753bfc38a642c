package io.llmrouter.core.routing;

/**
 * What a routed call asks of its endpoint. Every operation runs the same attempt loop (cheapest healthy endpoint,
 * breakers, failover); they differ in the request sent and the answer given (docs/routing.md).
 */
public enum Operation {
    /** A chat completion, streamed or not. */
    CHAT,
    /**
     * A count of the request's input tokens: the endpoint's own count where its protocol has one, else the router's
     * estimate for it.
     */
    COUNT_TOKENS
}
