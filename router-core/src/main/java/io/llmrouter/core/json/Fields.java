package io.llmrouter.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.RouterException;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of JSON values, the one field reader of every protocol package. A client's request is read strictly:
 * a value of the wrong type, a missing required one or an integer that does not fit is a 400 naming the field by its
 * path, always in the same words ({@code 'messages[0].role' must be a string}, {@code 'max_tokens' is out of range
 * (at most 2147483647)}, {@code 'model' is required}). An upstream's answer is read leniently ({@link #count},
 * {@link #text}): what does not fit reads as nothing.
 *
 * <p>Each read takes the value itself ({@code parent.get(name)}, null when absent) and the path to name it by, so that
 * protocols that look a field up their own way (Gemini's camelCase and snake_case twins) read it through here too.
 * Absent means no value, JSON {@code null} or a missing node.
 */
public final class Fields {

    private Fields() {
    }

    /** Whether there is no value: absent, JSON {@code null} or a missing node (clients send null for "not set"). */
    public static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /** A 400 about the field at {@code path}: {@code 'path' <problem>}, e.g. "must be a string or an array". */
    public static RouterException invalid(String path, String problem) {
        return RouterException.invalidRequest("'" + path + "' " + problem);
    }

    /** A 400 for a required field that is absent. */
    public static RouterException required(String path) {
        return invalid(path, "is required");
    }

    /** A required string. */
    public static String string(JsonNode value, String path) {
        String s = optString(value, path);
        if (s == null) {
            throw required(path);
        }
        return s;
    }

    /** A string, or null when absent. */
    public static String optString(JsonNode value, String path) {
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(path, "must be a string");
        }
        return value.textValue();
    }

    /** A number, or null when absent. */
    public static Double optNumber(JsonNode value, String path) {
        if (absent(value)) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(path, "must be a number");
        }
        return value.doubleValue();
    }

    /** An integer that fits an int, or null when absent. */
    public static Integer optInt(JsonNode value, String path) {
        if (!integral(value, path)) {
            return null;
        }
        if (!value.canConvertToInt()) {
            throw outOfRange(path, value, Integer.MAX_VALUE, Integer.MIN_VALUE);
        }
        return value.intValue();
    }

    /** An integer that fits a long, or null when absent. */
    public static Long optLong(JsonNode value, String path) {
        if (!integral(value, path)) {
            return null;
        }
        if (!value.canConvertToLong()) {
            throw outOfRange(path, value, Long.MAX_VALUE, Long.MIN_VALUE);
        }
        return value.longValue();
    }

    /** False when absent, true for an integral number; a 400 for anything else (10.5 is no integer). */
    private static boolean integral(JsonNode value, String path) {
        if (absent(value)) {
            return false;
        }
        if (!value.isIntegralNumber()) {
            throw invalid(path, "must be an integer");
        }
        return true;
    }

    private static RouterException outOfRange(String path, JsonNode value, long max, long min) {
        return invalid(path, "is out of range (" + (value.bigIntegerValue().signum() > 0 ? "at most " + max
                : "at least " + min) + ")");
    }

    /** A boolean, or null when absent. */
    public static Boolean optBool(JsonNode value, String path) {
        if (absent(value)) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(path, "must be a boolean");
        }
        return value.booleanValue();
    }

    /** A boolean, or {@code otherwise} when absent. */
    public static boolean bool(JsonNode value, String path, boolean otherwise) {
        Boolean b = optBool(value, path);
        return b == null ? otherwise : b;
    }

    /** An object, or null when absent. */
    public static ObjectNode optObject(JsonNode value, String path) {
        return absent(value) ? null : object(value, path);
    }

    /** An object (an array's element, a required field): anything else, absent included, is a 400. */
    public static ObjectNode object(JsonNode value, String path) {
        if (!(value instanceof ObjectNode o)) {
            throw invalid(path, "must be an object");
        }
        return o;
    }

    /** An array, or null when absent. */
    public static ArrayNode optArray(JsonNode value, String path) {
        if (absent(value)) {
            return null;
        }
        if (!(value instanceof ArrayNode a)) {
            throw invalid(path, "must be an array");
        }
        return a;
    }

    /** An array, empty when absent. */
    public static ArrayNode array(JsonNode value, String path) {
        ArrayNode a = optArray(value, path);
        return a != null ? a : JsonNodeFactory.instance.arrayNode(0);
    }

    /** The strings of an array of strings ({@code stop_sequences}); empty when absent. */
    public static List<String> strings(JsonNode value, String path) {
        if (absent(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(path, "must be an array of strings");
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode s : value) {
            if (!s.isTextual()) {
                throw invalid(path, "must be an array of strings");
            }
            out.add(s.textValue());
        }
        return out;
    }

    /** A count in an upstream's answer: the value when it is a number that fits an int, else 0. */
    public static int count(JsonNode value) {
        return value != null && value.isNumber() && value.canConvertToInt() ? value.asInt() : 0;
    }

    /** A text in an upstream's answer: the value when it is a string, else {@code otherwise}. */
    public static String text(JsonNode value, String otherwise) {
        return value != null && value.isTextual() ? value.textValue() : otherwise;
    }

    /** Moves {@code from} to the name {@code to}, unless the object already has {@code to} (then {@code from} goes). */
    public static void rename(ObjectNode body, String from, String to) {
        JsonNode value = body.remove(from);
        if (value != null && !body.has(to)) {
            body.set(to, value);
        }
    }
}
