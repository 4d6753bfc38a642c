package io.llmrouter.core.convert;

import io.llmrouter.api.Key;
import io.llmrouter.core.wire.ForwardedHeaders;
import java.util.Objects;

/**
 * What one attempt's request to an upstream is built with, besides the request itself.
 *
 * @param model the upstream model to ask for
 * @param key   the connection: protocol, base URL, credentials
 * @param drops where the encoder and the host's dialect report what they leave out
 * @param headers the client's headers that may reach the upstream (its wire decides which do)
 */
public record Outbound(String model, Key key, Drops drops, ForwardedHeaders headers) {

    public Outbound {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(drops, "drops");
        headers = headers == null ? ForwardedHeaders.NONE : headers;
    }

    /** An attempt without client headers. */
    public Outbound(String model, Key key, Drops drops) {
        this(model, key, drops, ForwardedHeaders.NONE);
    }

    /** An attempt that records what is left out without refusing anything, and carries no client header. */
    public static Outbound of(String model, Key key) {
        return new Outbound(model, key, Drops.recording());
    }
}
