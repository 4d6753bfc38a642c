package io.llmrouter.api;

import java.util.Locale;

/**
 * What an endpoint serves ({@code router.tenants.<t>.endpoints.<ep>.kind}): chat (and counts of tokens), or
 * embeddings. A call is only ever routed to endpoints of the kind its operation needs ({@link Operation#servedBy()}),
 * so a chat model is never asked for embeddings, nor an embeddings model for a chat answer.
 */
public enum EndpointKind {
    /** Chat calls and counts of tokens; the default. */
    CHAT,
    /** Embeddings calls. */
    EMBEDDINGS;

    /** The name configuration uses ({@code chat}, {@code embeddings}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
