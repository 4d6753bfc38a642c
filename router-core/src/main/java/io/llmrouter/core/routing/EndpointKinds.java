package io.llmrouter.core.routing;

import io.llmrouter.api.Endpoint;
import io.llmrouter.api.EndpointKind;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.convert.Codecs;
import java.util.StringJoiner;

/**
 * The start-up check of an endpoint's {@code kind}: an embeddings endpoint's key must speak a protocol whose upstreams
 * give embeddings (docs/routing.md, "Embeddings"); any other would fail every call routed to it.
 */
public final class EndpointKinds {

    private EndpointKinds() {
    }

    /** @throws ConfigurationException naming {@code kind} for an embeddings endpoint of a protocol without them */
    public static void check(Endpoint endpoint) {
        Codecs codecs = Codecs.defaults();
        if (endpoint.kind() != EndpointKind.EMBEDDINGS || codecs.of(endpoint.key().protocol()).embeds()) {
            return;
        }
        StringJoiner embedding = new StringJoiner(", ");
        for (Protocol p : Protocol.values()) {
            if (codecs.of(p).embeds()) {
                embedding.add(p.configName());
            }
        }
        throw new ConfigurationException("kind", "is embeddings, but an upstream of "
                + endpoint.key().protocol().configName() + " gives no embeddings (those of " + embedding + " do)");
    }
}
