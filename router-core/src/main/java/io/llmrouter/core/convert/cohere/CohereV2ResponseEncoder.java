package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.core.json.Json;
import java.util.UUID;

/** Encodes an answer as a Cohere Chat v2 response; text next to tool calls goes to {@code tool_plan}. */
final class CohereV2ResponseEncoder {

    private CohereV2ResponseEncoder() {
    }

    /** The body for a client. */
    static byte[] encode(ChatResponse r, ChatRequest request) {
        ObjectNode body = Json.object();
        body.put("id", r.id() == null || r.id().isEmpty() ? UUID.randomUUID().toString() : r.id());
        ObjectNode message = body.putObject("message");
        message.put("role", "assistant");
        String text = r.text();
        StringBuilder thinking = new StringBuilder();
        if (request == null || request.reasoning() == null || request.reasoning().showThoughts()) {
            r.reasoning().forEach(part -> thinking.append(part.text()));
        }
        if (thinking.length() > 0) {
            message.putArray("content").addObject().put("type", CohereThinking.FIELD)
                    .put(CohereThinking.FIELD, thinking.toString());
        }
        if (r.toolCalls().isEmpty()) {
            (message.has("content") ? (ArrayNode) message.get("content") : message.putArray("content"))
                    .addObject().put("type", "text").put("text", text);
        } else {
            if (!text.isEmpty()) {
                message.put("tool_plan", text);
            }
            ArrayNode calls = message.putArray("tool_calls");
            for (ContentPart.ToolCall c : r.toolCalls()) {
                ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                call.putObject("function").put("name", c.name())
                        .put("arguments", c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments());
            }
        }
        body.put("finish_reason", CohereFinishReasons.encodeV2(r.finishReason()));
        ObjectNode usage = CohereUsage.v2Object(r.usage());
        if (usage != null) {
            body.set("usage", usage);
        }
        return Json.bytes(body);
    }
}
