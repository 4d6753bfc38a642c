package io.llmrouter.core.convert.matrix;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.Message;
import java.util.EnumSet;
import java.util.Set;

/**
 * What each protocol can express, and so the expected degradations per pair (docs/protocols.md says the same to users).
 *
 * <pre>
 * | concept                      | OPENAI/AZURE | RESPONSES     | ANTHROPIC     | GEMINI            | COHERE (v1)     | COHERE_V2     |
 * |------------------------------|--------------|---------------|---------------|-------------------|-----------------|---------------|
 * | image by https URL           | yes          | yes           | yes           | no: 400           | no: 400         | yes           |
 * | image base64                 | yes          | yes           | yes           | yes (inlineData)  | no: 400         | yes           |
 * | tool-call ids                | yes          | yes (call_id) | yes           | no (synthesized)  | no (synthesized)| yes           |
 * | STOP_SEQUENCE                | no → STOP    | no → completed| stop_sequence | no → STOP         | STOP_SEQUENCE   | STOP_SEQUENCE |
 * | CONTENT_FILTER               | content_filter| incomplete   | refusal       | SAFETY            | ERROR_TOXIC     | no → ERROR    |
 * | ERROR                        | no → stop    | no → completed| no → end_turn | no → OTHER → STOP | ERROR           | ERROR         |
 * | cached input tokens          | yes          | yes           | yes           | yes               | no → 0          | yes           |
 * | reasoning tokens             | yes          | yes           | no → 0        | yes (thoughts)    | no → 0          | no → 0        |
 * | nested JSON-schema params    | yes          | yes           | yes           | yes (Schema)      | no: flat parameter_definitions | yes |
 * | JSON mode, no schema         | json_object  | json_object   | no: dropped   | application/json  | json_object     | json_object   |
 * | JSON mode with schema        | json_schema  | text.format   | output_config | responseSchema    | schema          | json_schema   |
 * | end-user id                  | user         | safety_identifier | metadata.user_id | no         | no              | no            |
 * </pre>
 */
final class Capabilities {

    private static final Set<Protocol> CALL_IDS = EnumSet.of(Protocol.OPENAI, Protocol.AZURE_OPENAI,
            Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC, Protocol.COHERE_V2);
    private static final Set<Protocol> STOP_SEQUENCE = EnumSet.of(Protocol.ANTHROPIC, Protocol.COHERE,
            Protocol.COHERE_V2);
    private static final Set<Protocol> CACHED = EnumSet.of(Protocol.OPENAI, Protocol.AZURE_OPENAI,
            Protocol.OPENAI_RESPONSES, Protocol.ANTHROPIC, Protocol.GEMINI, Protocol.COHERE_V2);
    private static final Set<Protocol> REASONING = EnumSet.of(Protocol.OPENAI, Protocol.AZURE_OPENAI,
            Protocol.OPENAI_RESPONSES, Protocol.GEMINI);

    private Capabilities() {
    }

    /** Whether a request with this image can be written in the protocol (docs/protocols.md). */
    static boolean canSend(Protocol p, ContentPart.Image image) {
        return switch (p) {
            case COHERE -> false; // Cohere v1 takes no images
            case GEMINI -> image.inline(); // the Developer API does not fetch arbitrary https URLs
            default -> true;
        };
    }

    /** Whether every image of the request can be written in the protocol. */
    static boolean canSend(Protocol p, ChatRequest request) {
        for (Message m : request.messages()) {
            for (ContentPart part : m.content()) {
                if (part instanceof ContentPart.Image img && !canSend(p, img)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the protocol carries tool-call ids end to end (docs/protocols.md#what-each-upstream-takes). */
    static boolean carriesCallIds(Protocol p) {
        return CALL_IDS.contains(p);
    }

    /** Whether the protocol names the end user (OpenAI's two protocols and Anthropic only). */
    static boolean carriesEndUser(Protocol p) {
        return p == Protocol.OPENAI || p == Protocol.AZURE_OPENAI || p == Protocol.OPENAI_RESPONSES
                || p == Protocol.ANTHROPIC;
    }

    /** Whether the protocol can ask for JSON without a schema (Anthropic only constrains to a schema). */
    static boolean carriesJsonMode(Protocol p) {
        return p != Protocol.ANTHROPIC;
    }

    /** Whether the protocol keeps JSON-schema tool parameters as they are (Cohere v1 has flat definitions). */
    static boolean carriesJsonSchema(Protocol p) {
        return p != Protocol.COHERE;
    }

    /**
     * The finish reason a client of {@code client} sees when an {@code upstream} answered with {@code reason}: the
     * reason degrades once through the upstream's vocabulary and once through the client's.
     */
    static FinishReason finish(FinishReason reason, Protocol upstream, Protocol client) {
        return through(client, through(upstream, reason));
    }

    /** What is left of a reason after a trip through one protocol's finish-reason vocabulary. */
    private static FinishReason through(Protocol p, FinishReason reason) {
        if (reason == FinishReason.STOP_SEQUENCE && !STOP_SEQUENCE.contains(p)) {
            return FinishReason.STOP; // OpenAI and Gemini do not say which stop sequence, nor that one matched
        }
        if (reason == FinishReason.CONTENT_FILTER && p == Protocol.COHERE_V2) {
            return FinishReason.ERROR; // Cohere v2 has no ERROR_TOXIC
        }
        if (reason == FinishReason.ERROR && p != Protocol.COHERE && p != Protocol.COHERE_V2) {
            return FinishReason.STOP; // stop, end_turn, OTHER: only Cohere has an error reason
        }
        return reason;
    }

    /** Cached input tokens as the client sees them. */
    static int cached(int value, Protocol upstream, Protocol client) {
        return CACHED.contains(upstream) && CACHED.contains(client) ? value : 0;
    }

    /** Reasoning tokens as the client sees them. */
    static int reasoning(int value, Protocol upstream, Protocol client) {
        return REASONING.contains(upstream) && REASONING.contains(client) ? value : 0;
    }
}
