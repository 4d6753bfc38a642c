package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.convert.Json;
import org.jboss.logging.Logger;

/** IR tool-call arguments (JSON text) to Anthropic {@code input} objects. */
final class ToolInputs {

    private static final Logger LOG = Logger.getLogger(ToolInputs.class);

    private ToolInputs() {
    }

    /**
     * Parses the arguments; blank means no arguments ({@code {}}). Text that is not a JSON object (e.g. truncated by
     * max tokens) is kept as {@code {"_raw": "<text>"}}, because Anthropic's {@code input} must be an object.
     */
    static ObjectNode toObject(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        JsonNode parsed = Json.tryParse(arguments);
        if (parsed instanceof ObjectNode o) {
            return o;
        }
        LOG.debugf("tool arguments are not a JSON object, wrapping them as _raw (%d chars)", arguments.length());
        ObjectNode wrapped = Json.object();
        wrapped.put("_raw", arguments);
        return wrapped;
    }
}
