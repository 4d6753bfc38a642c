package io.llmrouter.core.routing;

import io.llmrouter.api.Key;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.convert.Codecs;

/**
 * The start-up check of a key's {@code forward-headers}: each name must be an account-scoped header that an upstream
 * of the key's protocol takes from its callers (docs/protocols.md, "Headers that reach the upstream"); anything else
 * would never be forwarded.
 */
public final class KeyHeaders {

    private KeyHeaders() {
    }

    /** @throws ConfigurationException naming {@code forward-headers} for a name the key's protocol never forwards */
    public static void check(Key key) {
        Codecs.defaults().of(key.protocol()).checkForwardHeaders(key);
    }
}
