package io.llmrouter.core.telemetry;

import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.embed.EmbeddingRequest;

/**
 * The server-side span of one routed call, from the request's arrival to the end of its answer (for a stream: its
 * last frame, or the caller going away). The router reports the decoded request, starts one {@link AttemptSpan} per
 * upstream attempt and ends the span with the call's record. Methods are called from one call's callbacks, one at a
 * time; they must not block.
 */
public interface CallSpan {

    /** A span that records nothing. */
    CallSpan NONE = new CallSpan() {
    };

    /** The request as decoded: model, output limit, and (if the tenant captures content) its messages. */
    default void request(ChatRequest request) {
    }

    /** The embeddings request as decoded: its model, the vector length and the forms asked for. */
    default void embeddings(EmbeddingRequest request) {
    }

    /** Starts the span of one upstream attempt, a child of this one. */
    default AttemptSpan attempt(AttemptStart start) {
        return AttemptSpan.NONE;
    }

    /** Ends the span: the call's record, and what the answer said when there was one (else null). */
    default void end(CallRecord record, Answer answer) {
    }

    /** The trace this call belongs to (32 lower-case hex digits), or null when it is not traced. */
    default String traceId() {
        return null;
    }
}
