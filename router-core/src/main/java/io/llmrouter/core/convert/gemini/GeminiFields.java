package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.error.RouterException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lenient field access for Gemini request bodies. The REST API accepts proto-JSON camelCase and snake_case names
 * ({@code inlineData}/{@code inline_data}) and a bare object where a repeated field is expected
 * ({@code "contents": {...}}) — both appear in Google's own curl samples (docs/protocols.md#provider-dialects).
 */
final class GeminiFields {

    private GeminiFields() {
    }

    /** The value under the camelCase name or its snake_case twin; null when absent or JSON null. */
    static JsonNode field(JsonNode obj, String camel) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonNode v = obj.get(camel);
        if (v == null || v.isNull()) {
            v = obj.get(snake(camel));
        }
        return v == null || v.isNull() ? null : v;
    }

    /** The elements of a repeated field: an array's elements, a bare object as one element, absent as none. */
    static List<JsonNode> list(JsonNode node, String path) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (node.isObject()) {
            out.add(node);
        } else {
            throw RouterException.invalidRequest(path + " must be an array or an object");
        }
        return out;
    }

    /** An object element, or a 400 naming the path. */
    static JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw RouterException.invalidRequest(path + " must be an object");
        }
        return node;
    }

    /** A string field, null when absent; a 400 naming the path for other types. */
    static String string(JsonNode obj, String camel, String path) {
        JsonNode v = field(obj, camel);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw RouterException.invalidRequest(path + "." + camel + " must be a string");
        }
        return v.asText();
    }

    /** A numeric field, null when absent; a 400 naming the path for other types. */
    static Double number(JsonNode obj, String camel, String path) {
        JsonNode v = field(obj, camel);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw RouterException.invalidRequest(path + "." + camel + " must be a number");
        }
        return v.doubleValue();
    }

    /** An integral field, null when absent; a 400 naming the path for other types or out-of-range values. */
    static Long integral(JsonNode obj, String camel, String path) {
        JsonNode v = field(obj, camel);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw RouterException.invalidRequest(path + "." + camel + " must be an integer");
        }
        return v.longValue();
    }

    /** An int field (token counts, top-k), null when absent. */
    static Integer integer(JsonNode obj, String camel, String path) {
        Long v = integral(obj, camel, path);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw RouterException.invalidRequest(path + "." + camel + " is out of range");
        }
        return v.intValue();
    }

    /** An int read leniently from an upstream answer (usage counts): 0 when absent or not a number. */
    static int count(JsonNode obj, String camel) {
        JsonNode v = field(obj, camel);
        return v != null && v.canConvertToInt() ? v.asInt() : 0;
    }

    /** The model name without the {@code models/} resource prefix Gemini clients may include. */
    static String bareModel(String model) {
        if (model == null) {
            return null;
        }
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    /** {@code inlineData} to {@code inline_data}. */
    static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
