package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.json.Json;

/**
 * Tool results as Cohere holds them: lists of JSON objects (v1 {@code outputs}, v2 {@code document.data}).
 * A plain-text result is wrapped as {@code {"output": "<text>"}} (the convention of docs/protocols.md#provider-dialects
 * and of LangChain, see the real v1 requests) and unwrapped again when decoding; {@code {"error": "<text>"}} carries
 * a failed result, since Cohere has no error flag.
 */
final class CohereToolOutputs {

    private CohereToolOutputs() {
    }

    /** IR result text as a list of objects: an object as [obj], an array as is, anything else wrapped. */
    static ArrayNode wrap(String content, boolean isError) {
        ArrayNode list = Json.object().arrayNode();
        JsonNode parsed = isError ? null : Json.tryParse(content);
        if (parsed instanceof ObjectNode o) {
            list.add(o);
        } else if (parsed instanceof ArrayNode a) {
            for (JsonNode e : a) {
                list.add(e.isObject() ? e : Json.object().set("output", e));
            }
        } else {
            list.add(Json.object().put(isError ? "error" : "output", content == null ? "" : content));
        }
        return list;
    }

    /** Whether the list is a single {@code {"error": "<text>"}} wrapper. */
    static boolean isError(JsonNode outputs) {
        return single(outputs, "error") != null;
    }

    /** IR result text of a list of output objects (the inverse of {@link #wrap}). */
    static String unwrap(JsonNode outputs) {
        if (outputs == null || outputs.isNull() || outputs.isMissingNode()) {
            return "";
        }
        String text = single(outputs, "output");
        if (text == null) {
            text = single(outputs, "error");
        }
        if (text != null) {
            return text;
        }
        if (outputs.isArray() && outputs.size() == 1) {
            return Json.text(outputs.get(0));
        }
        return outputs.isTextual() ? outputs.asText() : Json.text(outputs);
    }

    private static String single(JsonNode outputs, String key) {
        if (outputs != null && outputs.isArray() && outputs.size() == 1) {
            JsonNode only = outputs.get(0);
            if (only.isObject() && only.size() == 1 && only.path(key).isTextual()) {
                return only.get(key).asText();
            }
        }
        return null;
    }
}
