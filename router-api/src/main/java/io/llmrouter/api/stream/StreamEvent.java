package io.llmrouter.api.stream;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;

/**
 * One event of a streamed answer in the intermediate form. Stream decoders produce them as upstream bytes
 * arrive; stream encoders turn them into the client's frames one by one.
 *
 * <p>Order produced by every decoder: {@link Start} first; then any mix of {@link TextDelta},
 * {@link ToolCallStart}/{@link ToolArgumentsDelta}/{@link BlockStop} and reasoning blocks; then {@link Finish};
 * {@link UsageReport} may come at any point (the last one wins, each carries the best-known totals so far);
 * {@link Error} ends the stream abnormally.
 *
 * <p>A reasoning block is {@code ReasoningDelta* ReasoningSignature? BlockStop(REASONING)} and may appear wherever a
 * text block may; its signature may arrive without any delta (Anthropic {@code redacted_thinking}, Gemini
 * signature-only parts, encrypted-only Responses items).
 *
 * <p>{@link Omitted} may come at any point: a part of the upstream's stream the intermediate form has no place for.
 * Encoders write nothing for it; the router names it among the call's drops.
 */
public sealed interface StreamEvent {

    /** The answer begins. {@code usage} carries input counts when the upstream reports them up front. */
    record Start(String id, String model, TokenCounts usage) implements StreamEvent {
    }

    /** A fragment of assistant text, to append. */
    record TextDelta(String text) implements StreamEvent {
    }

    /**
     * A tool call begins.
     *
     * @param index position of the call among this answer's tool calls (0-based, not counting text blocks)
     * @param id    call id (synthesized when the upstream has none)
     * @param name  function name
     */
    record ToolCallStart(int index, String id, String name) implements StreamEvent {
    }

    /** A fragment of the JSON arguments of the tool call at {@code index}, to append. */
    record ToolArgumentsDelta(int index, String fragment) implements StreamEvent {
    }

    /** A fragment of the model's reasoning text, to append to the open reasoning block. */
    record ReasoningDelta(String text) implements StreamEvent {
    }

    /**
     * The signature of the open reasoning block, which it completes (see {@link
     * io.llmrouter.api.chat.ContentPart.Reasoning} for the meaning of each field).
     */
    record ReasoningSignature(String signature, boolean redacted, Protocol origin) implements StreamEvent {
    }

    /**
     * The tool call at {@code toolIndex} is complete, or the text block when {@code toolIndex} is {@link #TEXT}, or
     * the reasoning block when it is {@link #REASONING}.
     */
    record BlockStop(int toolIndex) implements StreamEvent {
        /** Marker index for the text block. */
        public static final int TEXT = -1;
        /** Marker index for the reasoning block. */
        public static final int REASONING = -2;

        /** True when a tool call, not the text or reasoning block, is complete. */
        public boolean tool() {
            return toolIndex >= 0;
        }
    }

    /** Generation stopped. */
    record Finish(FinishReason reason) implements StreamEvent {
    }

    /** Token counts so far (cumulative). {@code accurate} is false when the router estimated them. */
    record UsageReport(TokenCounts usage, boolean accurate) implements StreamEvent {
    }

    /**
     * A part of the upstream's stream that has no place in the intermediate form ({@code citations},
     * {@code server_tool_result}, {@code media}, a built-in tool's item type); said once per kind is enough.
     */
    record Omitted(String part) implements StreamEvent {
    }

    /** The upstream failed after the stream began. */
    record Error(ApiError error) implements StreamEvent {
    }
}
