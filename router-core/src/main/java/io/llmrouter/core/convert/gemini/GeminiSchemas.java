package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tool parameter schemas between JSON Schema (the IR) and Gemini's OpenAPI-subset {@code Schema}. Gemini answers
 * 400 "Unknown name" / "Invalid JSON payload" for keywords outside its subset ({@code additionalProperties},
 * {@code $schema}, {@code $ref}, {@code const}, ...), for {@code format} values other than the few it supports, and
 * for OBJECT schemas with empty {@code properties}; the sanitizer keeps only what python-genai's {@code Schema}
 * type declares.
 */
final class GeminiSchemas {


    /**
     * Keys the Gemini Developer API accepts. python-genai declares more ({@code default}, {@code example},
     * {@code pattern}, {@code minLength}, ...) but its mldev converter has rejected several of them as "not
     * supported in Gemini API" across versions, so only the long-stable subset is sent.
     */
    private static final Set<String> KEPT = Set.of("type", "format", "title", "description", "nullable", "enum",
            "maxItems", "minItems", "properties", "required", "anyOf", "propertyOrdering", "items", "minimum",
            "maximum");

    private static final int MAX_REF_DEPTH = 8;

    private GeminiSchemas() {
    }

    /** Decoding: Gemini's proto-style {@code "OBJECT"} types become JSON Schema's lowercase names. */
    static ObjectNode toJsonSchema(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        lowercaseTypes(copy);
        return copy;
    }

    private static void lowercaseTypes(JsonNode node) {
        if (node instanceof ObjectNode obj) {
            JsonNode type = obj.get("type");
            if (type != null && type.isTextual()) {
                obj.put("type", type.asText().toLowerCase(Locale.ROOT));
            }
            // Recurse into subschemas only, not into enum/example/default values.
            JsonNode props = obj.get("properties");
            if (props instanceof ObjectNode p) {
                p.forEach(GeminiSchemas::lowercaseTypes);
            }
            lowercaseTypes(obj.get("items"));
            JsonNode anyOf = obj.get("anyOf");
            if (anyOf != null && anyOf.isArray()) {
                anyOf.forEach(GeminiSchemas::lowercaseTypes);
            }
        }
    }

    /**
     * Encoding: the parameters object Gemini accepts, or null when nothing is left (a parameterless function must
     * omit {@code parameters}: an OBJECT with empty properties is rejected).
     */
    static ObjectNode sanitizeParameters(ObjectNode schema, Drops drops) {
        if (schema == null) {
            return null;
        }
        ObjectNode out = sanitize(schema, schema, 0, drops);
        JsonNode props = out.get("properties");
        if (props == null || props.isEmpty()) {
            return null;
        }
        return out;
    }

    /**
     * Encoding: the {@code responseSchema} Gemini accepts, or null for none (no schema, or an object schema that
     * names no properties, which Gemini refuses: JSON mode without a schema says the same).
     */
    static ObjectNode sanitizeResponseSchema(ObjectNode schema, Drops drops) {
        if (schema == null) {
            return null;
        }
        ObjectNode out = sanitize(schema, schema, 0, drops);
        boolean object = "object".equalsIgnoreCase(out.path("type").asText());
        return object && !out.has("properties") || out.isEmpty() ? null : out;
    }

    /** The schema in Gemini's subset; a keyword left out is reported once per request as {@code SCHEMA_KEYWORDS}. */
    private static ObjectNode sanitize(JsonNode node, ObjectNode root, int depth, Drops drops) {
        ObjectNode out = Json.object();
        if (!(node instanceof ObjectNode in)) {
            return out;
        }
        ObjectNode src = resolve(in, root, depth, drops);
        if (src != in) {
            return sanitize(src, root, depth + 1, drops);
        }
        src = mergeAllOf(src);
        for (Map.Entry<String, JsonNode> e : src.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "type" -> type(value, out);
                case "properties" -> {
                    if (value instanceof ObjectNode props && !props.isEmpty()) {
                        ObjectNode p = out.putObject("properties");
                        props.properties().forEach(f -> p.set(f.getKey(), sanitize(f.getValue(), root, depth, drops)));
                    }
                }
                case "items" -> out.set("items", sanitize(value.isArray() ? value.path(0) : value, root, depth, drops));
                case "anyOf", "oneOf" -> {
                    if (value.isArray() && !value.isEmpty()) {
                        ArrayNode a = out.putArray("anyOf");
                        value.forEach(v -> a.add(sanitize(v, root, depth, drops)));
                    }
                }
                case "const" -> {
                    if (value.isTextual()) {
                        out.putArray("enum").add(value.asText());
                    }
                }
                case "enum" -> {
                    if (value.isArray() && allText(value)) {
                        out.set("enum", value.deepCopy());
                    } else {
                        // Gemini enums are STRING only.
                        drops.lost(IrField.SCHEMA_KEYWORDS);
                    }
                }
                default -> {
                    if (KEPT.contains(key)) {
                        out.set(key, value.deepCopy());
                    } else {
                        drops.lost(IrField.SCHEMA_KEYWORDS);
                    }
                }
            }
        }
        fixFormat(out);
        fixRequired(out);
        if (out.has("enum") && !out.has("type")) {
            out.put("type", "string");
        }
        return out;
    }

    /** {@code type: ["string","null"]} → {@code type: "string", nullable: true}; lowercase names pass as given. */
    private static void type(JsonNode value, ObjectNode out) {
        if (value.isTextual()) {
            out.put("type", value.asText());
            return;
        }
        if (!value.isArray()) {
            return;
        }
        List<String> types = new java.util.ArrayList<>();
        for (JsonNode t : value) {
            if ("null".equalsIgnoreCase(t.asText())) {
                out.put("nullable", true);
            } else {
                types.add(t.asText());
            }
        }
        if (types.size() == 1) {
            out.put("type", types.get(0));
        } else if (types.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            types.forEach(t -> anyOf.addObject().put("type", t));
        }
    }

    /** Follows a local {@code $ref} ({@code #/$defs/x}, {@code #/definitions/x}); unresolvable refs become {}. */
    private static ObjectNode resolve(ObjectNode in, ObjectNode root, int depth, Drops drops) {
        JsonNode ref = in.get("$ref");
        if (ref == null || !ref.isTextual()) {
            return in;
        }
        if (depth >= MAX_REF_DEPTH || !ref.asText().startsWith("#/")) {
            // Recursive or not local.
            drops.lost(IrField.SCHEMA_KEYWORDS);
            ObjectNode rest = in.deepCopy();
            rest.remove("$ref");
            return rest;
        }
        JsonNode target = root.at(ref.asText().substring(1));
        if (target instanceof ObjectNode t) {
            ObjectNode merged = t.deepCopy();
            in.properties().forEach(f -> {
                if (!f.getKey().equals("$ref")) {
                    merged.set(f.getKey(), f.getValue());
                }
            });
            return merged;
        }
        ObjectNode rest = in.deepCopy();
        rest.remove("$ref");
        return rest;
    }

    /** Gemini has no allOf: fold the members' properties and required lists into the schema. */
    private static ObjectNode mergeAllOf(ObjectNode in) {
        JsonNode allOf = in.get("allOf");
        if (allOf == null || !allOf.isArray()) {
            return in;
        }
        ObjectNode merged = in.deepCopy();
        merged.remove("allOf");
        for (JsonNode member : allOf) {
            if (!(member instanceof ObjectNode m)) {
                continue;
            }
            m.properties().forEach(f -> {
                JsonNode existing = merged.get(f.getKey());
                if (f.getKey().equals("properties") && existing instanceof ObjectNode props
                        && f.getValue() instanceof ObjectNode more) {
                    props.setAll(more.deepCopy());
                } else if (f.getKey().equals("required") && existing instanceof ArrayNode req
                        && f.getValue().isArray()) {
                    req.addAll((ArrayNode) f.getValue().deepCopy());
                } else if (existing == null) {
                    merged.set(f.getKey(), f.getValue().deepCopy());
                }
            });
        }
        return merged;
    }

    /** Gemini accepts only {@code enum}/{@code date-time} for strings and int32/int64/float/double for numbers. */
    private static void fixFormat(ObjectNode out) {
        JsonNode format = out.get("format");
        if (format == null) {
            return;
        }
        String type = out.path("type").asText("").toLowerCase(Locale.ROOT);
        String f = format.asText();
        boolean ok = switch (type) {
            case "string" -> f.equals("enum") || f.equals("date-time");
            case "integer" -> f.equals("int32") || f.equals("int64");
            case "number" -> f.equals("float") || f.equals("double");
            default -> false;
        };
        if (!ok) {
            out.remove("format");
        }
    }

    /** {@code required} may only name declared properties. */
    private static void fixRequired(ObjectNode out) {
        JsonNode required = out.get("required");
        if (required == null) {
            return;
        }
        JsonNode props = out.get("properties");
        ArrayNode kept = Json.MAPPER.createArrayNode();
        if (required.isArray() && props != null) {
            for (JsonNode r : required) {
                if (r.isTextual() && props.has(r.asText())) {
                    kept.add(r.asText());
                }
            }
        }
        if (kept.isEmpty()) {
            out.remove("required");
        } else {
            out.set("required", kept);
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode v : array) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
