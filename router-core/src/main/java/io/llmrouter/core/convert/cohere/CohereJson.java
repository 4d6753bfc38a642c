package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/** Typed field readers shared by the Cohere v1 and v2 decoders; wrong types become 400s naming the field. */
final class CohereJson {

    private CohereJson() {
    }

    /** Optional string field: null when absent or JSON null, 400 when another type. */
    static String optString(JsonNode obj, String field, String path) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw RouterException.invalidRequest("'" + path + "' must be a string");
        }
        return n.asText();
    }

    /** Required string field. */
    static String reqString(JsonNode obj, String field, String path) {
        String s = optString(obj, field, path);
        if (s == null) {
            throw RouterException.invalidRequest("'" + path + "' is required");
        }
        return s;
    }

    /** Optional number field as a double. */
    static Double optDouble(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw RouterException.invalidRequest("'" + field + "' must be a number");
        }
        return n.asDouble();
    }

    /** Optional integer field. */
    static Integer optInt(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw RouterException.invalidRequest("'" + field + "' must be an integer");
        }
        return n.asInt();
    }

    /** Optional integer field as a long. */
    static Long optLong(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw RouterException.invalidRequest("'" + field + "' must be an integer");
        }
        return n.asLong();
    }

    /** Optional boolean field; false when absent. */
    static boolean optBool(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw RouterException.invalidRequest("'" + field + "' must be a boolean");
        }
        return n.asBoolean();
    }

    /** Optional array field: empty when absent, 400 when not an array. */
    static ArrayNode optArray(JsonNode obj, String field, String path) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return Json.object().arrayNode();
        }
        if (!n.isArray()) {
            throw RouterException.invalidRequest("'" + path + "' must be an array");
        }
        return (ArrayNode) n;
    }

    /** Optional object field: null when absent, 400 when not an object. */
    static ObjectNode optObject(JsonNode obj, String field, String path) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw RouterException.invalidRequest("'" + path + "' must be an object");
        }
        return (ObjectNode) n;
    }

    /** An array element that must be an object. */
    static ObjectNode element(JsonNode n, String path) {
        if (!(n instanceof ObjectNode o)) {
            throw RouterException.invalidRequest("'" + path + "' must be an object");
        }
        return o;
    }

    /** {@code stop_sequences}: an array of strings. */
    static List<String> stringList(JsonNode obj, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : optArray(obj, field, field)) {
            if (!s.isTextual()) {
                throw RouterException.invalidRequest("'" + field + "' must contain strings");
            }
            out.add(s.asText());
        }
        return out;
    }

    /** Debug-logs the top-level fields of a client body that the IR has no place for (they are dropped). */
    static void logDropped(ObjectNode body, Set<String> handled, Logger log) {
        if (log.isDebugEnabled()) {
            for (Map.Entry<String, JsonNode> e : body.properties()) {
                if (!handled.contains(e.getKey())) {
                    log.debugf("dropping request field '%s': no IR equivalent", e.getKey());
                }
            }
        }
    }

    /** Lenient text read of an upstream field: "" for anything that is not a string. */
    static String text(JsonNode obj, String field) {
        JsonNode n = obj == null ? null : obj.get(field);
        return n != null && n.isTextual() ? n.asText() : "";
    }
}
