package io.llmrouter.core.routing;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.Usage;
import java.util.Set;

/**
 * One finished routed call, for metrics and logs. Carries no secrets.
 *
 * @param tenant           tenant name
 * @param endpoint         endpoint that produced the answer, or null when none did
 * @param clientProtocol   protocol the client spoke
 * @param upstreamProtocol protocol of the serving endpoint, or null
 * @param outcome          {@code success}, {@code caller_error}, {@code rate_limited}, {@code unavailable},
 *                         {@code bad_gateway}, {@code invalid_request}, {@code model_not_found},
 *                         {@code stream_error}, {@code cancelled}
 * @param status           HTTP status returned to the client
 * @param attempts         upstream attempts made
 * @param usage            usage, or null when no answer was produced
 * @param streamed         whether the client asked for a stream
 * @param dropped          the client's fields the serving attempt left out by converting (empty for none)
 */
public record CallRecord(String tenant, String endpoint, Protocol clientProtocol, Protocol upstreamProtocol,
                         String outcome, int status, int attempts, Usage usage, boolean streamed,
                         Set<String> dropped) {

    public CallRecord {
        dropped = dropped == null ? Set.of() : dropped;
    }

    /** A call that no upstream answered, or that dropped nothing. */
    public CallRecord(String tenant, String endpoint, Protocol clientProtocol, Protocol upstreamProtocol,
                      String outcome, int status, int attempts, Usage usage, boolean streamed) {
        this(tenant, endpoint, clientProtocol, upstreamProtocol, outcome, status, attempts, usage, streamed, Set.of());
    }
}
