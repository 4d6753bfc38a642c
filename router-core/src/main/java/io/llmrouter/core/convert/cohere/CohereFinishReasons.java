package io.llmrouter.core.convert.cohere;

import io.llmrouter.api.chat.FinishReason;
import java.util.Locale;

/** Finish-reason tables of docs/protocols.md#answers for both Cohere versions. */
final class CohereFinishReasons {

    private CohereFinishReasons() {
    }

    /**
     * Cohere v1 or v2 reason to IR. Cohere v1 says COMPLETE even when it called tools, so tool calls in the answer
     * turn COMPLETE (and a missing reason) into TOOL_CALLS.
     */
    static FinishReason decode(String reason, boolean hasToolCalls) {
        String r = reason == null ? "" : reason.toUpperCase(Locale.ROOT);
        return switch (r) {
            case "STOP_SEQUENCE" -> FinishReason.STOP_SEQUENCE;
            // ERROR_LIMIT: "the reply was cut off because the model reached the maximum context length".
            case "MAX_TOKENS", "ERROR_LIMIT" -> FinishReason.LENGTH;
            case "TOOL_CALL" -> FinishReason.TOOL_CALLS;
            case "ERROR_TOXIC" -> FinishReason.CONTENT_FILTER;
            case "ERROR", "TIMEOUT" -> FinishReason.ERROR;
            default -> hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP; // COMPLETE, USER_CANCEL, unknown
        };
    }

    /** IR to Cohere v1 ({@code ChatFinishReason}): v1 has no tool-call reason, it says COMPLETE. */
    static String encodeV1(FinishReason reason) {
        if (reason == null) {
            return "COMPLETE";
        }
        return switch (reason) {
            case STOP, TOOL_CALLS -> "COMPLETE";
            case STOP_SEQUENCE -> "STOP_SEQUENCE";
            case LENGTH -> "MAX_TOKENS";
            case CONTENT_FILTER -> "ERROR_TOXIC";
            case ERROR -> "ERROR";
        };
    }

    /** IR to Cohere v2 ({@code COMPLETE|STOP_SEQUENCE|MAX_TOKENS|TOOL_CALL|ERROR|TIMEOUT}). */
    static String encodeV2(FinishReason reason) {
        if (reason == null) {
            return "COMPLETE";
        }
        return switch (reason) {
            case STOP -> "COMPLETE";
            case STOP_SEQUENCE -> "STOP_SEQUENCE";
            case LENGTH -> "MAX_TOKENS";
            case TOOL_CALLS -> "TOOL_CALL";
            case CONTENT_FILTER, ERROR -> "ERROR";
        };
    }
}
