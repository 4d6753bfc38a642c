package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import java.util.List;

/**
 * Request parameters in Responses' JSON, written once for the two places that need them: the body sent to a
 * Responses upstream, and the response object, which echoes them to the client ({@code tools}, {@code tool_choice},
 * {@code text}).
 */
final class ResponsesParameters {

    /** The schema name sent when the client's protocol has none (OpenAI requires one). */
    static final String DEFAULT_SCHEMA_NAME = "response";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponsesParameters() {
    }

    /**
     * Function tools, flat ({@code {type, name, description, parameters, strict}}). {@code strict} is written false:
     * Responses makes function tools strict unless told otherwise, and a strict tool needs a schema written for it
     * (every property required, no additional properties), which a tool from another protocol is not.
     */
    static ArrayNode tools(List<ToolDefinition> tools) {
        ArrayNode out = NODES.arrayNode(tools.size());
        for (ToolDefinition t : tools) {
            ObjectNode tool = out.addObject().put("type", "function").put("name", t.name());
            if (t.description() != null) {
                tool.put("description", t.description());
            }
            tool.set("parameters", t.parameters() != null ? t.parameters()
                    : NODES.objectNode().put("type", "object").set("properties", NODES.objectNode()));
            tool.put("strict", false);
        }
        return out;
    }

    /** {@code "auto"}, {@code "none"}, {@code "required"} or {@code {type:"function", name}}; "auto" when unset. */
    static JsonNode toolChoice(ToolChoice choice) {
        if (choice == null) {
            return NODES.textNode("auto");
        }
        return switch (choice.mode()) {
            case AUTO -> NODES.textNode("auto");
            case NONE -> NODES.textNode("none");
            case REQUIRED -> NODES.textNode("required");
            case NAMED -> NODES.objectNode().put("type", "function").put("name", choice.name());
        };
    }

    /**
     * The {@code text} parameter: {@code {format:{type:"text"}}} for free text, {@code json_object}, or
     * {@code json_schema} with its schema flat beside its name (unlike Chat's nested {@code json_schema}).
     */
    static ObjectNode text(ResponseFormat format) {
        ObjectNode text = NODES.objectNode();
        ObjectNode f = text.putObject("format");
        if (format == null) {
            f.put("type", "text");
        } else if (!format.hasSchema()) {
            f.put("type", "json_object");
        } else {
            f.put("type", "json_schema");
            f.put("name", format.name() != null ? format.name() : DEFAULT_SCHEMA_NAME);
            if (format.description() != null) {
                f.put("description", format.description());
            }
            f.set("schema", format.schema());
            if (format.strict() != null) {
                f.put("strict", format.strict());
            }
        }
        return text;
    }
}
