package io.llmrouter.core.convert.gemini;

import io.llmrouter.api.chat.FinishReason;

/**
 * Gemini {@code finishReason} ↔ IR (docs/protocols.md#answers). Gemini says {@code STOP} when it calls functions, so
 * the caller passes whether calls were seen. Choices where the table allows two answers: RECITATION (output cut by
 * the recitation filter) is a CONTENT_FILTER, the function-calling failures (MALFORMED_FUNCTION_CALL and co.) are
 * an ERROR, everything else unknown is a STOP.
 */
final class GeminiFinishReasons {

    private GeminiFinishReasons() {
    }

    /** The IR reason for a Gemini value; {@code sawCalls} turns STOP into TOOL_CALLS. */
    static FinishReason decode(String reason, boolean sawCalls) {
        FinishReason r = reason == null ? FinishReason.STOP : switch (reason) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT",
                 "RECITATION", "IMAGE_RECITATION" -> FinishReason.CONTENT_FILTER;
            case "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS" -> FinishReason.ERROR;
            default -> FinishReason.STOP;
        };
        return r == FinishReason.STOP && sawCalls ? FinishReason.TOOL_CALLS : r;
    }

    /** The Gemini value for an IR reason (tool calls are a STOP plus functionCall parts). */
    static String encode(FinishReason reason) {
        if (reason == null) {
            return "STOP";
        }
        return switch (reason) {
            case STOP, STOP_SEQUENCE, TOOL_CALLS -> "STOP";
            case LENGTH -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
            case ERROR -> "OTHER";
        };
    }
}
