package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.RouterException;

/** Typed reads of optional request fields; a wrong type becomes a 400 naming the field, never another exception. */
final class RequestFields {

    private RequestFields() {
    }

    /** True when the field is absent or JSON null (OpenAI treats explicit null as "not set"). */
    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static Double optDouble(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (absent(n)) {
            return null;
        }
        if (!n.isNumber()) {
            throw RouterException.invalidRequest("'" + field + "' must be a number");
        }
        return n.doubleValue();
    }

    static Integer optInt(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (absent(n)) {
            return null;
        }
        if (!n.isIntegralNumber()) {
            throw RouterException.invalidRequest("'" + field + "' must be an integer");
        }
        if (!n.canConvertToInt()) {
            throw RouterException.invalidRequest("'" + field + "' is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        return n.intValue();
    }

    static Long optLong(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (absent(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw RouterException.invalidRequest("'" + field + "' must be an integer");
        }
        return n.longValue();
    }

    static Boolean optBool(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (absent(n)) {
            return null;
        }
        if (!n.isBoolean()) {
            throw RouterException.invalidRequest("'" + field + "' must be a boolean");
        }
        return n.booleanValue();
    }

    static String optString(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (absent(n)) {
            return null;
        }
        if (!n.isTextual()) {
            throw RouterException.invalidRequest("'" + path + "' must be a string");
        }
        return n.textValue();
    }

    static String requireString(JsonNode parent, String field, String path) {
        String s = optString(parent, field, path);
        if (s == null) {
            throw RouterException.invalidRequest("'" + path + "' is required");
        }
        return s;
    }

    /** Moves {@code from} to the name {@code to}, unless the body already has {@code to} (then {@code from} goes). */
    static void rename(ObjectNode body, String from, String to) {
        JsonNode value = body.remove(from);
        if (value != null && !body.has(to)) {
            body.set(to, value);
        }
    }
}
