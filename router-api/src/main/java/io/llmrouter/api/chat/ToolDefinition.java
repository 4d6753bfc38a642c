package io.llmrouter.api.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A function the model may call.
 *
 * @param name        function name
 * @param description what it does; may be null
 * @param parameters  JSON Schema of the arguments object; may be null (no parameters)
 */
public record ToolDefinition(String name, String description, ObjectNode parameters) {
}
