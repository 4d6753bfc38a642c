package io.llmrouter.core.convert;

import io.llmrouter.api.Key;
import java.util.Objects;

/**
 * What one attempt's request to an upstream is built with, besides the request itself.
 *
 * @param model the upstream model to ask for
 * @param key   the connection: protocol, base URL, credentials
 * @param drops where the encoder and the host's dialect report what they leave out
 */
public record Outbound(String model, Key key, Drops drops) {

    public Outbound {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(drops, "drops");
    }

    /** An attempt that records what is left out without refusing anything. */
    public static Outbound of(String model, Key key) {
        return new Outbound(model, key, Drops.recording());
    }
}
