package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.json.Fields;
import java.util.Set;

/**
 * {@code response_format}: {@code {type: "text"}} or {@code {type: "json_object"}} with an optional JSON Schema, which
 * v1 names {@code schema} and v2 {@code json_schema} (the Cohere OpenAPI document's {@code JSONResponseFormat} and
 * {@code JsonResponseFormatV2}).
 */
enum CohereResponseFormat {
    V1("schema"),
    V2("json_schema");

    private final String schemaField;

    CohereResponseFormat(String schemaField) {
        this.schemaField = schemaField;
    }

    /** The IR form of the body's {@code response_format}, or null for text; its unread fields go to {@code drops}. */
    ResponseFormat decode(ObjectNode body, Drops drops) {
        ObjectNode format = Fields.optObject(body.get("response_format"), "response_format");
        if (format == null) {
            return null;
        }
        String type = Fields.string(format.get("type"), "response_format.type");
        drops.unread(format, Set.of("type", schemaField), "response_format.");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> {
                ObjectNode schema = Fields.optObject(format.get(schemaField), "response_format." + schemaField);
                yield schema == null ? ResponseFormat.jsonObject() : ResponseFormat.jsonSchema(schema);
            }
            default -> throw Fields.invalid("response_format.type", "has unknown value '" + Echo.of(type)
                    + "' (expected text or json_object)");
        };
    }

    /** Writes {@code response_format} when the request asks for JSON. */
    void encode(ResponseFormat format, ObjectNode body) {
        if (format == null) {
            return;
        }
        ObjectNode out = body.putObject("response_format").put("type", "json_object");
        if (format.hasSchema()) {
            out.set(schemaField, format.schema());
        }
    }
}
