package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.core.json.Json;

/**
 * Tool results ↔ {@code functionResponse.response}. Gemini requires {@code response} to be a JSON object; the
 * python-genai docs name the convention {@code {"output": …}} for results and {@code {"error": …}} for failures
 * (docs/protocols.md#provider-dialects), so text results are wrapped that way and unwrapped again on the way in.
 */
final class GeminiToolResults {

    private GeminiToolResults() {
    }

    /** The IR result for a decoded {@code functionResponse}. */
    static ContentPart.ToolResult fromResponse(String id, String name, JsonNode response) {
        if (response == null) {
            return new ContentPart.ToolResult(id, name, "", false);
        }
        if (response.isObject() && response.size() == 1) {
            JsonNode output = response.get("output");
            if (output != null) {
                return new ContentPart.ToolResult(id, name, asText(output), false);
            }
            JsonNode error = response.get("error");
            if (error != null) {
                return new ContentPart.ToolResult(id, name, asText(error), true);
            }
        }
        return new ContentPart.ToolResult(id, name, asText(response), false);
    }

    /** The {@code response} object for an IR result: objects as they are, anything else wrapped. */
    static ObjectNode toResponse(ContentPart.ToolResult result) {
        String content = result.content() == null ? "" : result.content();
        JsonNode parsed = Json.tryParse(content);
        if (!result.isError() && parsed instanceof ObjectNode obj && !isWrapper(obj)) {
            return obj;
        }
        ObjectNode wrapper = Json.object();
        String key = result.isError() ? "error" : "output";
        if (parsed != null && parsed.isContainerNode()) {
            wrapper.set(key, parsed);
        } else {
            wrapper.put(key, content);
        }
        return wrapper;
    }

    /** An object that would read back as a wrapper must itself be wrapped to survive a round trip. */
    private static boolean isWrapper(ObjectNode obj) {
        return obj.size() == 1 && (obj.has("output") || obj.has("error"));
    }

    private static String asText(JsonNode node) {
        return node.isTextual() ? node.asText() : Json.text(node);
    }
}
