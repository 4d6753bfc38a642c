package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.RouterException;

/** Typed reads of client JSON that turn every wrong type into a 400 naming the field's path. */
final class Fields {

    private Fields() {
    }

    /** True when the field is absent or JSON null. */
    static boolean absent(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull();
    }

    /** A string field, or null when absent. */
    static String optText(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw RouterException.invalidRequest(path + ": expected a string");
        }
        return n.asText();
    }

    /** A required string field. */
    static String text(JsonNode parent, String field, String path) {
        String s = optText(parent, field, path);
        if (s == null) {
            throw RouterException.invalidRequest(path + ": field required");
        }
        return s;
    }

    /** A number field, or null when absent. */
    static Double optDouble(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw RouterException.invalidRequest(path + ": expected a number");
        }
        return n.asDouble();
    }

    /** An integer field, or null when absent. */
    static Integer optInt(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw RouterException.invalidRequest(path + ": expected an integer");
        }
        return n.asInt();
    }

    /** A boolean field, or {@code dflt} when absent. */
    static boolean optBool(JsonNode parent, String field, String path, boolean dflt) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw RouterException.invalidRequest(path + ": expected a boolean");
        }
        return n.asBoolean();
    }

    /** An object field, or null when absent. */
    static ObjectNode optObject(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!(n instanceof ObjectNode o)) {
            throw RouterException.invalidRequest(path + ": expected an object");
        }
        return o;
    }

    /** An array field, or null when absent. */
    static ArrayNode optArray(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!(n instanceof ArrayNode a)) {
            throw RouterException.invalidRequest(path + ": expected an array");
        }
        return a;
    }

    /** An array element that must be an object. */
    static ObjectNode element(JsonNode node, String path) {
        if (!(node instanceof ObjectNode o)) {
            throw RouterException.invalidRequest(path + ": expected an object");
        }
        return o;
    }

    /** Reads an int from upstream JSON leniently (absent or wrong type → 0). */
    static int count(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        return n != null && n.canConvertToInt() && n.isNumber() ? n.asInt() : 0;
    }
}
