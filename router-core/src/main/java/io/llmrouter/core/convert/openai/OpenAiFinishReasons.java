package io.llmrouter.core.convert.openai;

import io.llmrouter.api.chat.FinishReason;

/** {@code finish_reason} in both directions (docs/protocols.md#answers). */
public final class OpenAiFinishReasons {

    private OpenAiFinishReasons() {
    }

    /**
     * The IR reason for an upstream {@code finish_reason}; includes the values of OpenAI-compatible upstreams
     * (Mistral {@code model_length}/{@code error}, DeepSeek {@code insufficient_system_resource}). A call that
     * produced tool calls is TOOL_CALLS whatever plain "stop" the upstream said.
     */
    public static FinishReason decode(String value, boolean sawToolCalls) {
        FinishReason r = switch (value == null ? "" : value) {
            case "length", "model_length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "error", "insufficient_system_resource" -> FinishReason.ERROR;
            default -> FinishReason.STOP;
        };
        return r == FinishReason.STOP && sawToolCalls ? FinishReason.TOOL_CALLS : r;
    }

    /**
     * The OpenAI value for an IR reason. OpenAI has no "error" or "stop sequence" value: both become {@code stop}
     * (what Portkey does), and an answer holding tool calls always says {@code tool_calls} because OpenAI clients
     * branch on it.
     */
    public static String encode(FinishReason reason, boolean hasToolCalls) {
        if (reason == null) {
            return hasToolCalls ? "tool_calls" : "stop";
        }
        return switch (reason) {
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            case STOP, STOP_SEQUENCE, ERROR -> hasToolCalls ? "tool_calls" : "stop";
        };
    }
}
