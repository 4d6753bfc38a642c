package io.llmrouter.core.telemetry;

import io.llmrouter.api.Operation;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.Usage;
import java.util.Set;

/**
 * One finished routed call, for metrics, traces and the usage record. Carries no secrets and no content.
 *
 * @param tenant           tenant name
 * @param endpoint         endpoint that produced the answer, or null when none did
 * @param clientProtocol   protocol the client spoke
 * @param upstreamProtocol protocol of the serving endpoint, or null
 * @param outcome          {@code success}, {@code caller_error}, {@code rate_limited}, {@code unavailable},
 *                         {@code bad_gateway}, {@code invalid_request}, {@code model_not_found},
 *                         {@code stream_error}, {@code cancelled}
 * @param status           HTTP status returned to the client ({@value #CLIENT_CLOSED} when the caller went away
 *                         before an answer)
 * @param attempts         upstream attempts made
 * @param usage            usage, or null when no answer was produced
 * @param streamed         whether the client asked for a stream
 * @param keyName          the non-secret name of the caller's inbound key, or null
 * @param requestModel     the model the caller asked for, or null when the request could not be read
 * @param upstreamModel    the model asked of the serving endpoint, or null
 * @param latencyMillis    time from the call's start to its end (a stream's: its last frame, or the caller leaving)
 * @param ttftMillis       time from the call's start to its first byte sent to the caller, or -1 when none was
 * @param traceId          the call's trace id, or null when it is not traced
 * @param dropped          request fields the conversion dropped for the serving upstream (empty when none)
 * @param operation        what the call asked: a chat completion or a count of tokens
 */
public record CallRecord(String tenant, String endpoint, Protocol clientProtocol, Protocol upstreamProtocol,
                         String outcome, int status, int attempts, Usage usage, boolean streamed, String keyName,
                         String requestModel, String upstreamModel, long latencyMillis, long ttftMillis, String traceId,
                         Set<String> dropped, Operation operation) {

    /** The status recorded for a call whose caller went away before any answer (nginx's convention). */
    public static final int CLIENT_CLOSED = 499;

    public CallRecord {
        dropped = dropped == null ? Set.of() : dropped;
        operation = operation == null ? Operation.CHAT : operation;
    }

    /** A chat call's record without caller, model, timing or trace details. */
    public CallRecord(String tenant, String endpoint, Protocol clientProtocol, Protocol upstreamProtocol,
                      String outcome, int status, int attempts, Usage usage, boolean streamed) {
        this(tenant, endpoint, clientProtocol, upstreamProtocol, outcome, status, attempts, usage, streamed, null,
                null, null, usage == null ? 0 : usage.latencyMs(), -1, null, Set.of(), Operation.CHAT);
    }
}
