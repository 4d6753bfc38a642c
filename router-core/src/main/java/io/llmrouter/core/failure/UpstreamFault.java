package io.llmrouter.core.failure;

import io.llmrouter.api.error.ErrorKind;

/**
 * An upstream answer the router refuses to go on reading: over one of its limits, or not what the upstream's protocol
 * promises. A retryable upstream failure like a reset connection: before anything reached the caller the call fails
 * over, afterwards the caller's stream ends with an error in its protocol; either way it counts against the endpoint.
 * The message, for the operator's log, says which limit or rule was broken; {@link Kind#clientMessage()} is what the
 * caller may read.
 */
public final class UpstreamFault extends RuntimeException {

    /** What was wrong with the answer. */
    public enum Kind {
        /** A complete answer (or an error answer) larger than {@code router.upstream.max-response-size}. */
        RESPONSE_TOO_LARGE("response over max-response-size", "the upstream's answer exceeded the size limit"),
        /** An SSE or NDJSON line longer than {@code router.upstream.max-line-size}. */
        LINE_TOO_LONG("line over max-line-size", "the upstream sent a line over the size limit"),
        /** An SSE event (its data lines joined) larger than {@code router.upstream.max-event-size}. */
        EVENT_TOO_LARGE("event over max-event-size", "the upstream sent an event over the size limit"),
        /** The answer lasted longer than {@code router.upstream.max-response-duration}. */
        TOO_LONG("timeout: response over max-response-duration",
                "the upstream's answer exceeded the time limit"),
        /** A 2xx answer to a streamed request that is not a stream of the upstream's protocol. */
        NOT_A_STREAM("not a stream", "the upstream did not answer with a stream"),
        /** A stream event that is not what the protocol defines (not JSON, not an object). */
        UNDECODABLE("undecodable stream event", "the upstream sent an event that could not be read"),
        /** The stream ended without its protocol's end marker. */
        TRUNCATED("stream without end marker", "the upstream's stream ended before it was complete");

        private final String reason;
        private final String clientMessage;

        Kind(String reason, String clientMessage) {
            this.reason = reason;
            this.clientMessage = clientMessage;
        }

        /** A short, fixed label for routing decisions and the 502's message ({@link Outcome#reason()}). */
        public String reason() {
            return reason;
        }

        /** What the caller is told; never quotes the upstream. */
        public String clientMessage() {
            return clientMessage;
        }

        /** The error class the caller sees. */
        public ErrorKind errorKind() {
            return this == TOO_LONG ? ErrorKind.TIMEOUT : ErrorKind.BAD_GATEWAY;
        }
    }

    private final Kind kind;

    /** @param detail for the operator: the limit and its value, or what was expected and what came */
    public UpstreamFault(Kind kind, String detail) {
        // No stack trace: the fault is the upstream's, and the message says everything the log needs.
        super(detail, null, false, false);
        this.kind = kind;
    }

    /** What was wrong. */
    public Kind kind() {
        return kind;
    }

    /** The fault in {@code failure}'s cause chain (a transport wraps the reason it reset an exchange), or null. */
    public static UpstreamFault in(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof UpstreamFault fault) {
                return fault;
            }
        }
        return null;
    }
}
