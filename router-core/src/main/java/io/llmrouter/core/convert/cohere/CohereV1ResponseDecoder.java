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
 * Decodes a Cohere Chat v1 answer: {@code text} (the tool plan when it calls tools), {@code tool_calls} without ids
 * (synthesized, seed: {@code generation_id}, else {@code response_id}), {@code finish_reason} and
 * {@code meta.billed_units}. Citations, documents and the echoed chat_history are not part of the IR. The model is
 * left null: Cohere answers do not name it, and client encoders fall back to the model the client asked for.
 */
final class CohereV1ResponseDecoder {

    private CohereV1ResponseDecoder() {
    }

    /** Decodes a complete answer. */
    static ChatResponse decode(byte[] body) {
        return decode(Json.parseObject(body, "Cohere v1 response"));
    }

    /** Decodes a complete answer object (also the {@code response} of a stream-end event). */
    static ChatResponse decode(ObjectNode obj) {
        String responseId = Fields.text(obj.path("response_id"), "");
        String generationId = Fields.text(obj.path("generation_id"), "");
        String id = !responseId.isEmpty() ? responseId : generationId;
        String seed = !generationId.isEmpty() ? generationId : responseId;
        List<ContentPart> content = new ArrayList<>();
        String text = Fields.text(obj.path("text"), "");
        if (!text.isEmpty()) {
            content.add(new ContentPart.Text(text));
        }
        content.addAll(toolCalls(obj.get("tool_calls"), seed));
        boolean calls = content.stream().anyMatch(ContentPart.ToolCall.class::isInstance);
        return new ChatResponse(id, null, content,
                CohereFinishReasons.decode(Fields.text(obj.path("finish_reason"), ""), calls),
                CohereUsage.decode(obj.get("meta")), CohereCitations.omitted(obj));
    }

    /** {@code [{name, parameters}]} with synthesized ids. */
    static List<ContentPart.ToolCall> toolCalls(JsonNode toolCalls, String seed) {
        List<ContentPart.ToolCall> out = new ArrayList<>();
        if (toolCalls == null || !toolCalls.isArray()) {
            return out;
        }
        for (JsonNode c : toolCalls) {
            String name = Fields.text(c.path("name"), "");
            String args = ToolArguments.toText(c.get("parameters"));
            out.add(new ContentPart.ToolCall(ToolCallIds.synthesize(seed, out.size(), name, args), name, args));
        }
        return out;
    }
}
