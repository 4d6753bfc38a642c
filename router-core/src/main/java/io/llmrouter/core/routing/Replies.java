package io.llmrouter.core.routing;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.governance.Pass;

/**
 * Refusals in a caller's protocol that no routing produced: what the service in front of the router answers on its
 * own (no key, a body too large, a tenant's limits, an unknown route, a connection refused), in the format of the SDK
 * that called, so that the service never encodes an error itself.
 */
public final class Replies {

    private final Codecs codecs;

    public Replies(Codecs codecs) {
        this.codecs = codecs;
    }

    /** {@code error} as {@code protocol}'s clients expect it, with the status their protocol gives its kind. */
    public RoutedResponse.Complete refuse(Protocol protocol, ApiError error) {
        return refuse(protocol, error, -1);
    }

    /** {@link #refuse(Protocol, ApiError)} with {@code Retry-After}, when {@code retryAfterMillis} is not negative. */
    public RoutedResponse.Complete refuse(Protocol protocol, ApiError error, long retryAfterMillis) {
        return Responses.error(codecs.of(protocol), error, retryAfterMillis, null, 0);
    }

    /** A call refused by its tenant's or key's limits, with {@code Retry-After} and a budget's reset. */
    public RoutedResponse.Complete refuse(Protocol protocol, Pass.Refused refused) {
        return GovernanceReplies.refusal(codecs.of(protocol), refused);
    }
}
