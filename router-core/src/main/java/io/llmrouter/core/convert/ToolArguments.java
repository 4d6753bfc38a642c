package io.llmrouter.core.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.json.Json;
import org.jboss.logging.Logger;

/**
 * Tool-call arguments between the IR (JSON text, as OpenAI and Cohere v2 send them) and the protocols that carry an
 * object (Anthropic {@code input}, Gemini {@code functionCall.args}, Cohere v1 {@code parameters}).
 */
public final class ToolArguments {

    private static final Logger LOG = Logger.getLogger(ToolArguments.class);

    private ToolArguments() {
    }

    /**
     * The arguments as an object; blank means no arguments ({@code {}}). Text that is not a JSON object (typically
     * cut off by the output token limit) travels as {@code {"_raw": "<text>"}}, because the target requires an object
     * and dropping the text would hide what the model produced.
     */
    public static ObjectNode toObject(String arguments) {
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

    /** An arguments value as compact IR JSON text: absent or null means {@code {}}, a string is taken as the text. */
    public static String toText(JsonNode arguments) {
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            return "{}";
        }
        return arguments.isTextual() ? arguments.asText() : Json.text(arguments);
    }
}
