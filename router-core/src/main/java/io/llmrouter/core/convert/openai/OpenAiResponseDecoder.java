package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Json;
import io.llmrouter.core.convert.ToolCallIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an upstream {@code chat.completion} body. A {@code refusal} becomes the answer's text (the IR has no
 * refusal channel; a refusal is what the user gets to read), the finish reason stays what the upstream said.
 */
public final class OpenAiResponseDecoder {

    /** Decodes; an unreadable body or a 200 carrying an {@code error} object becomes a {@link RouterException}. */
    public ChatResponse decode(byte[] body) {
        JsonNode root;
        try {
            root = Json.tree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                    "upstream returned a response that is not a JSON object", null));
        }
        if (root.path("error").isObject()) {
            // Some OpenAI-compatible upstreams answer 200 with an error body.
            throw new RouterException(OpenAiErrors.decode(500, body));
        }
        String id = root.path("id").asText("");
        if (id.isEmpty()) {
            id = OpenAiIds.completionId();
        }
        String model = root.path("model").isTextual() ? root.get("model").textValue() : null;
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<ContentPart> content = new ArrayList<>();
        String text = text(message.get("content"));
        String refusal = message.path("refusal").isTextual() ? message.get("refusal").textValue() : null;
        if (text != null && !text.isEmpty()) {
            content.add(new ContentPart.Text(text));
        }
        if (refusal != null && !refusal.isEmpty()) {
            content.add(new ContentPart.Text(refusal));
        }
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            content.add(toolCall(calls.get(i).path("function"), calls.get(i).path("id").asText(""), id, i));
        }
        if (message.path("function_call").isObject()) {
            content.add(toolCall(message.get("function_call"), "", id, calls.size()));
        }
        boolean sawCalls = content.stream().anyMatch(ContentPart.ToolCall.class::isInstance);
        String finish = choice.path("finish_reason").isTextual() ? choice.get("finish_reason").textValue() : null;
        FinishReason reason = OpenAiFinishReasons.decode(finish, sawCalls);
        return new ChatResponse(id, model, content, reason, OpenAiUsage.decode(root.get("usage")));
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        // Some compatible upstreams answer with content parts.
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                sb.append(part.get("text").textValue());
            }
        }
        return sb.toString();
    }

    private static ContentPart.ToolCall toolCall(JsonNode fn, String id, String responseId, int index) {
        String name = fn.path("name").asText("");
        JsonNode args = fn.get("arguments");
        String arguments = args == null || args.isNull() ? "{}" : args.isTextual() ? args.textValue() : Json.text(args);
        if (id.isEmpty()) {
            id = ToolCallIds.synthesize(responseId, index, name, arguments);
        }
        return new ContentPart.ToolCall(id, name, arguments);
    }
}
