package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Encodes an answer as a Cohere Chat v1 {@code NonStreamedChatResponse}. {@code chat_history} (optional in the
 * schema) is omitted: the client holds its history; {@code generation_id} is derived from the response id.
 */
final class CohereV1ResponseEncoder {

    private CohereV1ResponseEncoder() {
    }

    /** The body for a client. */
    static byte[] encode(ChatResponse r) {
        return Json.bytes(object(r.id(), r.text(), r.toolCalls(), r.finishReason(), r.usage()));
    }

    /** The response object, shared with the stream-end event. */
    static ObjectNode object(String id, String text, List<ContentPart.ToolCall> calls, FinishReason reason,
            TokenCounts usage) {
        String responseId = id == null || id.isEmpty() ? UUID.randomUUID().toString() : id;
        ObjectNode body = Json.object();
        body.put("response_id", responseId);
        body.put("text", text);
        body.put("generation_id",
                UUID.nameUUIDFromBytes(responseId.getBytes(StandardCharsets.UTF_8)).toString());
        body.put("finish_reason", CohereFinishReasons.encodeV1(reason));
        if (!calls.isEmpty()) {
            ArrayNode arr = body.putArray("tool_calls");
            for (ContentPart.ToolCall c : calls) {
                arr.addObject().put("name", c.name()).set("parameters", ToolArguments.toObject(c.arguments()));
            }
        }
        ObjectNode meta = body.putObject("meta");
        meta.putObject("api_version").put("version", "1");
        CohereUsage.encode(usage, meta, false);
        return body;
    }
}
