package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.json.Json;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cohere v1 {@code parameter_definitions} ({@code {p: {type: "str", description, required}}}, Python type names)
 * to and from JSON Schema. Only top-level properties exist in v1: nested object schemas become {@code "dict"}
 * with their description, arrays {@code "List[<item type>]"}. What that form cannot state (nested properties, enums,
 * formats, bounds, an array's object items, schema-level keywords) is reported as
 * {@link IrField#TOOL_SCHEMA_KEYWORDS}.
 */
final class CohereV1ParameterDefinitions {

    private CohereV1ParameterDefinitions() {
    }

    /** What a parameter definition states of a property: the rest of the property's schema is lost. */
    private static final Set<String> PROPERTY_KEPT = Set.of("type", "description");
    /** What parameter definitions state of the whole schema. */
    private static final Set<String> SCHEMA_KEPT = Set.of("type", "properties", "required");

    /** JSON Schema (may be null) to parameter definitions; what they cannot state goes to {@code drops}, once. */
    static ObjectNode fromSchema(ObjectNode schema, Drops drops) {
        ObjectNode defs = Json.object();
        if (schema == null) {
            return defs;
        }
        if (flattened(schema)) {
            drops.lost(IrField.TOOL_SCHEMA_KEYWORDS);
        }
        Set<String> required = new HashSet<>();
        for (JsonNode r : schema.path("required")) {
            required.add(r.asText());
        }
        JsonNode props = schema.path("properties");
        for (Map.Entry<String, JsonNode> e : props.properties()) {
            JsonNode p = e.getValue();
            ObjectNode def = defs.putObject(e.getKey());
            String description = p.path("description").asText("");
            if (!description.isEmpty()) {
                def.put("description", description);
            }
            def.put("type", pythonType(p));
            def.put("required", required.contains(e.getKey()));
        }
        return defs;
    }

    /** Parameter definitions (may be null) to a JSON Schema object. */
    static ObjectNode toSchema(JsonNode defs) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = Json.object().arrayNode();
        if (defs != null && defs.isObject()) {
            for (Map.Entry<String, JsonNode> e : defs.properties()) {
                JsonNode def = e.getValue();
                ObjectNode prop = props.putObject(e.getKey());
                String type = def.path("type").asText("");
                schemaType(type, prop);
                String description = def.path("description").asText("");
                if (!description.isEmpty()) {
                    prop.put("description", description);
                }
                if (def.path("required").asBoolean(false)) {
                    required.add(e.getKey());
                }
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    /** Whether {@code schema} says more than parameter definitions can. */
    private static boolean flattened(ObjectNode schema) {
        for (Map.Entry<String, JsonNode> e : schema.properties()) {
            if (!SCHEMA_KEPT.contains(e.getKey())) {
                return true;
            }
        }
        for (Map.Entry<String, JsonNode> e : schema.path("properties").properties()) {
            JsonNode prop = e.getValue();
            for (Map.Entry<String, JsonNode> k : prop.properties()) {
                boolean simpleItems = k.getKey().equals("items") && k.getValue().isObject()
                        && k.getValue().size() == 1 && k.getValue().has("type") && k.getValue().get("type").isTextual()
                        && !Set.of("object", "array").contains(k.getValue().get("type").asText());
                if (!PROPERTY_KEPT.contains(k.getKey()) && !simpleItems) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String pythonType(JsonNode prop) {
        String type = jsonType(prop);
        return switch (type) {
            case "string" -> "str";
            case "integer" -> "int";
            case "number" -> "float";
            case "boolean" -> "bool";
            case "array" -> {
                JsonNode items = prop.get("items");
                yield items != null && items.isObject() && !jsonType(items).isEmpty()
                        && !jsonType(items).equals("array") ? "List[" + pythonType(items) + "]" : "list";
            }
            case "object" -> "dict";
            default -> "str";
        };
    }

    private static String jsonType(JsonNode prop) {
        JsonNode t = prop.get("type");
        if (t != null && t.isArray()) {
            // ["string", "null"]: the nullable form of a type.
            for (JsonNode alt : t) {
                if (!"null".equals(alt.asText())) {
                    return alt.asText().toLowerCase(Locale.ROOT);
                }
            }
        }
        if (t == null || !t.isTextual()) {
            return prop.has("properties") ? "object" : "";
        }
        return t.asText().toLowerCase(Locale.ROOT);
    }

    private static void schemaType(String pythonType, ObjectNode prop) {
        String t = pythonType.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("list[") && t.endsWith("]")) {
            prop.put("type", "array");
            ObjectNode items = prop.putObject("items");
            schemaType(t.substring(5, t.length() - 1), items);
            if (items.isEmpty()) {
                prop.remove("items");
            }
            return;
        }
        String mapped = switch (lower) {
            case "str", "string" -> "string";
            case "int", "integer" -> "integer";
            case "float", "number" -> "number";
            case "bool", "boolean" -> "boolean";
            case "list", "array", "tuple", "set" -> "array";
            case "dict", "object" -> "object";
            default -> null;
        };
        if (mapped != null) {
            prop.put("type", mapped);
        }
    }
}
