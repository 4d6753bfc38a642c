package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.convert.Json;
import org.jboss.logging.Logger;

/** Tool-call arguments: JSON text in the IR, an object ({@code functionCall.args}) on the Gemini wire. */
final class GeminiArgs {

    private static final Logger LOG = Logger.getLogger(GeminiArgs.class);

    private GeminiArgs() {
    }

    /** The args object; text that is not a JSON object (e.g. cut by max tokens) travels as {@code {"_raw": text}}. */
    static ObjectNode toObject(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        JsonNode parsed = Json.tryParse(arguments);
        if (parsed instanceof ObjectNode obj) {
            return obj;
        }
        LOG.debug("tool-call arguments are not a JSON object; wrapping them as {\"_raw\": ...}");
        ObjectNode wrapper = Json.object();
        wrapper.put("_raw", arguments);
        return wrapper;
    }

    /** The canonical JSON text of {@code functionCall.args} (absent args mean no arguments: {@code {}}). */
    static String toText(JsonNode args) {
        return args == null || args.isNull() ? "{}" : Json.text(args);
    }
}
