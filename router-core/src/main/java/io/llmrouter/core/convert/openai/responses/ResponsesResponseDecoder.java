package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decodes a Responses upstream's {@code response} object: {@code reasoning} items give reasoning parts (summary and
 * encrypted content), {@code message} items their {@code output_text} and {@code refusal} parts as text,
 * {@code function_call} items tool calls with their {@code call_id}. Items of the
 * built-in tools (web search, file search, ...) have no place in the answer of another protocol; their effect is in
 * the text. A response whose status is {@code failed} is an answer the router cannot use: an unreadable answer, which
 * fails over.
 */
final class ResponsesResponseDecoder {

    private ResponsesResponseDecoder() {
    }

    static ChatResponse decode(byte[] body) {
        ObjectNode root = Json.parseObject(body, "Responses answer");
        if ("failed".equals(Fields.text(root.get("status"), null))) {
            throw new IllegalStateException("Responses answer has status failed");
        }
        List<ContentPart> content = new ArrayList<>();
        Set<String> omitted = new TreeSet<>();
        boolean calls = false;
        for (JsonNode item : Fields.array(root.get("output"), "output")) {
            String type = Fields.text(item.get("type"), "");
            switch (type) {
                case "message" -> {
                    for (JsonNode part : Fields.array(item.get("content"), "content")) {
                        String partType = Fields.text(part.get("type"), "");
                        String text = partType.equals("output_text") ? Fields.text(part.get("text"), "")
                                : partType.equals("refusal") ? Fields.text(part.get("refusal"), "") : "";
                        if (!text.isEmpty()) {
                            content.add(new ContentPart.Text(text));
                        }
                        if (part.path("annotations").size() > 0) {
                            omitted.add("annotations");
                        }
                    }
                }
                case "reasoning" -> content.add(ResponsesReasoning.part(item, "output[].reasoning"));
                case "function_call" -> {
                    calls = true;
                    content.add(new ContentPart.ToolCall(Fields.text(item.get("call_id"), ""),
                            Fields.text(item.get("name"), ""), Fields.text(item.get("arguments"), "{}")));
                }
                // Built-in tools' items (web_search_call, file_search_call, ...): the IR answer has no place for them.
                default -> omitted.add(type.isEmpty() ? "output[]" : type);
            }
        }
        String model = Fields.text(root.get("model"), null);
        return new ChatResponse(Fields.text(root.get("id"), null), model == null || model.isEmpty() ? null : model,
                content, finishReason(root, calls), ResponsesUsage.decode(root.get("usage")), omitted);
    }

    /**
     * The finish reason of a response: {@code incomplete} by its reason (output limit or content filter), else a
     * natural stop, which is TOOL_CALLS when the output holds function calls.
     */
    static FinishReason finishReason(JsonNode response, boolean calls) {
        if ("incomplete".equals(Fields.text(response.get("status"), null))) {
            return "content_filter".equals(Fields.text(response.path("incomplete_details").get("reason"), null))
                    ? FinishReason.CONTENT_FILTER : FinishReason.LENGTH;
        }
        return calls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }
}
