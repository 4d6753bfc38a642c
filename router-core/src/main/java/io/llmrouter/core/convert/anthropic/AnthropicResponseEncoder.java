package io.llmrouter.core.convert.anthropic;

import io.llmrouter.core.convert.ToolArguments;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.core.convert.Json;
import io.llmrouter.core.convert.ToolCallIds;

/** Encodes an IR answer as an Anthropic message for an Anthropic client. */
final class AnthropicResponseEncoder {

    private AnthropicResponseEncoder() {
    }

    static byte[] encode(ChatResponse response, ChatRequest request) {
        ObjectNode root = Json.object();
        String id = response.id() == null ? "msg_" + ToolCallIds.synthesize(null, 0, response.model(), response.text())
                : response.id();
        root.put("id", id);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", response.model() != null ? response.model() : request == null ? null : request.model());
        ArrayNode content = root.putArray("content");
        int toolIndex = 0;
        for (ContentPart part : response.content()) {
            if (part instanceof ContentPart.Text t) {
                if (!t.text().isEmpty()) {
                    ObjectNode b = content.addObject();
                    b.put("type", "text");
                    b.put("text", t.text());
                }
            } else if (part instanceof ContentPart.ToolCall call) {
                ObjectNode b = content.addObject();
                b.put("type", "tool_use");
                b.put("id", call.id() != null ? AnthropicRequestEncoder.toolId(call.id())
                        : ToolCallIds.synthesize(id, toolIndex, call.name(), call.arguments()));
                b.put("name", call.name());
                b.set("input", ToolArguments.toObject(call.arguments()));
                toolIndex++;
            }
        }
        root.put("stop_reason", AnthropicStopReasons.encode(response.finishReason(), toolIndex > 0));
        // The IR does not record which stop sequence matched.
        root.putNull("stop_sequence");
        // usage is required in Anthropic messages; unknown counts are sent as zeros.
        root.set("usage", AnthropicUsage.encode(response.usage()));
        return Json.bytes(root);
    }
}
