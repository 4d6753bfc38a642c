package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.core.json.Fields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How Gemini names and shapes its request fields. The REST API accepts proto-JSON camelCase and snake_case names
 * ({@code inlineData}/{@code inline_data}) and a bare object where a repeated field is expected
 * ({@code "contents": {...}}) — both appear in Google's own curl samples (docs/protocols.md#provider-dialects). Values
 * found here are read with {@link Fields}.
 */
final class GeminiNames {

    private GeminiNames() {
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
            throw Fields.invalid(path, "must be an array or an object");
        }
        return out;
    }

    /** The model name without the {@code models/} resource prefix Gemini clients may include. */
    static String bareModel(String model) {
        if (model == null) {
            return null;
        }
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    /** The camelCase names given and their snake_case twins: what a decoder reads of an object. */
    static Set<String> read(String... camel) {
        Set<String> names = new HashSet<>();
        for (String c : camel) {
            names.add(c);
            names.add(snake(c));
        }
        return Set.copyOf(names);
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
