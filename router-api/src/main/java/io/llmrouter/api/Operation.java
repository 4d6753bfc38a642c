package io.llmrouter.api;

/**
 * What a routed call asks of its endpoint. Every operation runs the same attempt loop (cheapest healthy endpoint,
 * breakers, failover); they differ in the request sent and the answer given (docs/routing.md).
 */
public enum Operation {
    /** A chat completion, streamed or not. */
    CHAT("chat"),
    /**
     * A count of the request's input tokens: the endpoint's own count where its protocol has one, else the router's
     * estimate for it.
     */
    COUNT_TOKENS("count_tokens");

    private final String tag;

    Operation(String tag) {
        this.tag = tag;
    }

    /** The name metrics, traces and usage records give the operation ({@code chat}, {@code count_tokens}). */
    public String tag() {
        return tag;
    }
}
