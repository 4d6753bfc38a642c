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
    COUNT_TOKENS("count_tokens"),
    /**
     * Embeddings of the request's inputs, served only by endpoints of kind {@link EndpointKind#EMBEDDINGS}: the batch
     * split for the chosen upstream's maximum and joined in order.
     */
    EMBEDDINGS("embeddings");

    private final String tag;

    Operation(String tag) {
        this.tag = tag;
    }

    /** The kind of endpoint that serves the operation: embeddings, or chat (a count goes where the chat would). */
    public EndpointKind servedBy() {
        return this == EMBEDDINGS ? EndpointKind.EMBEDDINGS : EndpointKind.CHAT;
    }

    /**
     * The name metrics, traces and usage records give the operation ({@code chat}, {@code count_tokens},
     * {@code embeddings}).
     */
    public String tag() {
        return tag;
    }
}
