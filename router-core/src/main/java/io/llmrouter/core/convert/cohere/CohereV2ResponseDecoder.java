package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a Cohere Chat v2 answer. {@code tool_plan} (the model's note on what it will call) becomes a leading
 * text part, as v1's {@code text} and Anthropic's text-before-tool_use are; citations and thinking content are
 * not part of the IR. The model is left null: Cohere answers do not name it.
 */
final class CohereV2ResponseDecoder {

    private CohereV2ResponseDecoder() {
    }

    /** Decodes a complete answer. */
    static ChatResponse decode(byte[] body) {
        ObjectNode obj = Json.parseObject(body, "Cohere v2 response");
        String id = Fields.text(obj.path("id"), "");
        JsonNode message = obj.path("message");
        List<ContentPart> content = new ArrayList<>();
        JsonNode parts = message.path("content");
        // The reasoning comes first, as the model did it (Cohere lists it first too).
        for (JsonNode p : parts.isArray() ? parts : Json.object().arrayNode()) {
            String thinking = Fields.text(p.path(CohereThinking.FIELD), "");
            if (CohereThinking.FIELD.equals(Fields.text(p.path("type"), "")) && !thinking.isEmpty()) {
                content.add(ContentPart.Reasoning.text(thinking));
            }
        }
        String plan = Fields.text(message.path("tool_plan"), "");
        if (!plan.isEmpty()) {
            content.add(new ContentPart.Text(plan));
        }
        if (parts.isTextual() && !parts.asText().isEmpty()) {
            content.add(new ContentPart.Text(parts.asText()));
        }
        for (JsonNode p : parts.isArray() ? parts : Json.object().arrayNode()) {
            String text = Fields.text(p.path("text"), "");
            if ("text".equals(Fields.text(p.path("type"), "")) && !text.isEmpty()) {
                content.add(new ContentPart.Text(text));
            }
        }
        int calls = 0;
        for (JsonNode c : message.path("tool_calls")) {
            JsonNode fn = c.path("function");
            String name = Fields.text(fn.path("name"), "");
            String args = ToolArguments.toText(fn.get("arguments"));
            String callId = Fields.text(c.path("id"), "");
            if (callId.isEmpty()) {
                callId = ToolCallIds.synthesize(id, calls, name, args);
            }
            content.add(new ContentPart.ToolCall(callId, name, args));
            calls++;
        }
        return new ChatResponse(id, null, content,
                CohereFinishReasons.decode(Fields.text(obj.path("finish_reason"), ""), calls > 0),
                CohereUsage.decode(obj.get("usage")), CohereCitations.omitted(message));
    }
}
