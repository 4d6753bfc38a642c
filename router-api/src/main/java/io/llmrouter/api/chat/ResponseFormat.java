package io.llmrouter.api.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape the client asked the answer's text to take (JSON mode, structured output). Absent from a
 * {@link ChatRequest} means free text. The answer itself stays text in every protocol: only the request changes.
 *
 * @param schema      JSON Schema the text must match, or null for any JSON object (OpenAI {@code json_object},
 *                    Gemini {@code application/json} without a schema, Cohere {@code json_object} without one)
 * @param name        the schema's name (OpenAI {@code json_schema.name}, required there), or null
 * @param description what the schema is for, or null
 * @param strict      OpenAI's {@code json_schema.strict}, or null when unspecified
 */
public record ResponseFormat(ObjectNode schema, String name, String description, Boolean strict) {

    /** Any JSON object, no schema. */
    public static ResponseFormat jsonObject() {
        return new ResponseFormat(null, null, null, null);
    }

    /** JSON matching {@code schema}. */
    public static ResponseFormat jsonSchema(ObjectNode schema) {
        return new ResponseFormat(schema, null, null, null);
    }

    /** Whether the text must match a schema, not just be a JSON object. */
    public boolean hasSchema() {
        return schema != null;
    }
}
