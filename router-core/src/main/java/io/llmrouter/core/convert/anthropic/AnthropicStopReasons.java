package io.llmrouter.core.convert.anthropic;

import io.llmrouter.api.chat.FinishReason;

/** Anthropic {@code stop_reason} values to IR finish reasons and back (docs/protocols.md#answers). */
final class AnthropicStopReasons {

    private AnthropicStopReasons() {
    }

    /**
     * Decodes a stop reason. {@code pause_turn} (server tools, resumed by resending) maps to STOP and
     * {@code model_context_window_exceeded} to LENGTH, as in the 5.3 table. A STOP with tool calls becomes TOOL_CALLS.
     */
    static FinishReason decode(String stopReason, boolean hasToolCalls) {
        FinishReason r = stopReason == null ? FinishReason.STOP : switch (stopReason) {
            case "stop_sequence" -> FinishReason.STOP_SEQUENCE;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP; // end_turn, pause_turn, and values newer than this table
        };
        return r == FinishReason.STOP && hasToolCalls ? FinishReason.TOOL_CALLS : r;
    }

    /** Encodes a finish reason; ERROR has no Anthropic equivalent and is sent as {@code end_turn}. */
    static String encode(FinishReason reason, boolean hasToolCalls) {
        if (reason == null || reason == FinishReason.STOP) {
            return hasToolCalls ? "tool_use" : "end_turn";
        }
        return switch (reason) {
            case STOP_SEQUENCE -> "stop_sequence";
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
            default -> "end_turn";
        };
    }
}
