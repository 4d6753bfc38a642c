package io.llmrouter.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.core.testing.TestData;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A small JSON-Schema validator for the component schemas of an OpenAPI 3.x document (the OpenAI and Cohere specs
 * in the repository's {@code testdata/specs}), so tests can check that encoded bodies are what the vendor's spec
 * accepts.
 *
 * <p>Supported: {@code $ref} (local JSON pointers), {@code allOf}, {@code anyOf} and {@code oneOf} (valid when any
 * branch validates; exclusivity is not checked because the vendor specs overlap branches), {@code type} (string or
 * array, {@code "null"}, OpenAPI 3.0 {@code nullable}), {@code enum}, {@code const}, {@code required},
 * {@code properties}, {@code additionalProperties} (false or a schema), {@code items}, {@code minItems}/
 * {@code maxItems}, {@code minLength}/{@code maxLength}, {@code minimum}/{@code maximum} and their exclusive forms.
 * Ignored: {@code format}, {@code pattern}, {@code discriminator}, {@code x-*} extensions.
 *
 * <p>Usage: {@code OpenApiSchemaCheck.load("openai-openapi.yaml").validate("CreateChatCompletionRequest", body)}
 * returns the list of violations (empty when valid), each prefixed by its JSON path; operations whose request body
 * schema is inline (the Cohere spec) are checked with {@link #validateRequestBody}.
 */
public final class OpenApiSchemaCheck {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<Path, OpenApiSchemaCheck> CACHE = new ConcurrentHashMap<>();

    private final JsonNode document;

    private OpenApiSchemaCheck(JsonNode document) {
        this.document = document;
    }

    /** The specs directory: the repository's {@code testdata/specs}. */
    public static Path specsDir() {
        return TestData.specsDir();
    }

    /** Loads (once per JVM) a spec file of the specs directory, e.g. {@code "openai-openapi.yaml"}. */
    public static OpenApiSchemaCheck load(String fileName) {
        return CACHE.computeIfAbsent(specsDir().resolve(fileName), OpenApiSchemaCheck::read);
    }

    private static OpenApiSchemaCheck read(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024); // the OpenAI spec is ~3 MB, above SnakeYAML's default limit
        options.setMaxAliasesForCollections(10_000);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object tree = new Yaml(options).load(r);
            return new OpenApiSchemaCheck(MAPPER.valueToTree(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Violations of {@code value} against {@code #/components/schemas/<schemaName>}; empty when valid. */
    public List<String> validate(String schemaName, JsonNode value) {
        JsonNode schema = document.path("components").path("schemas").get(schemaName);
        if (schema == null) {
            throw new IllegalArgumentException("no component schema named " + schemaName);
        }
        List<String> errors = new ArrayList<>();
        check(schema, value, "$", errors);
        return errors;
    }

    /**
     * Violations of {@code value} against the inline JSON request-body schema of an operation, e.g.
     * {@code validateRequestBody("/v2/chat", "post", body)}; empty when valid.
     */
    public List<String> validateRequestBody(String path, String method, JsonNode value) {
        String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase(java.util.Locale.ROOT)
                + "/requestBody/content/application~1json/schema";
        JsonNode schema = document.at(pointer);
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("no JSON request body schema for " + method + " " + path);
        }
        List<String> errors = new ArrayList<>();
        check(schema, value, "$", errors);
        return errors;
    }

    /** JSON-pointer escaping of one reference token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $ref supported: " + ref);
        }
        JsonNode node = document.at(ref.substring(1));
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("unresolvable $ref " + ref);
        }
        return node;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                errors.add(path + ": no value allowed here");
            }
            return;
        }
        if (value.isNull() && schema.path("nullable").asBoolean(false)) {
            return;
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, errors);
        }
        for (JsonNode sub : schema.path("allOf")) {
            check(sub, value, path, errors);
        }
        anyBranch(schema.get("anyOf"), value, path, errors);
        anyBranch(schema.get("oneOf"), value, path, errors);
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(path + ": expected type " + schema.get("type") + " but was " + value.getNodeType());
            return;
        }
        if (schema.has("const") && !same(schema.get("const"), value)) {
            errors.add(path + ": expected constant " + schema.get("const") + " but was " + value);
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= same(e, value);
            }
            // nullable enums list null implicitly in OpenAPI 3.0
            if (!found && !(value.isNull() && schema.path("nullable").asBoolean(false))) {
                errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isObject()) {
            object(schema, value, path, errors);
        } else if (value.isArray()) {
            array(schema, value, path, errors);
        } else if (value.isTextual()) {
            int len = value.textValue().codePointCount(0, value.textValue().length());
            if (schema.has("minLength") && len < schema.get("minLength").asInt()) {
                errors.add(path + ": shorter than minLength " + schema.get("minLength"));
            }
            if (schema.has("maxLength") && len > schema.get("maxLength").asInt()) {
                errors.add(path + ": longer than maxLength " + schema.get("maxLength"));
            }
        } else if (value.isNumber()) {
            number(schema, value, path, errors);
        }
    }

    private void anyBranch(JsonNode branches, JsonNode value, String path, List<String> errors) {
        if (branches == null) {
            return;
        }
        List<String> closest = null;
        for (JsonNode branch : branches) {
            List<String> branchErrors = new ArrayList<>();
            check(branch, value, path, branchErrors);
            if (branchErrors.isEmpty()) {
                return;
            }
            if (closest == null || branchErrors.size() < closest.size()) {
                closest = branchErrors;
            }
        }
        errors.add(path + ": matches no branch of anyOf/oneOf; closest branch says " + closest);
    }

    private void object(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (JsonNode req : schema.path("required")) {
            if (!value.has(req.asText())) {
                errors.add(path + ": missing required property '" + req.asText() + "'");
            }
        }
        JsonNode props = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> f : value.properties()) {
            JsonNode propSchema = props.get(f.getKey());
            String p = path + "." + f.getKey();
            if (propSchema != null) {
                check(propSchema, f.getValue(), p, errors);
            } else if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
                errors.add(p + ": property not allowed (additionalProperties: false)");
            } else if (additional != null && additional.isObject()) {
                check(additional, f.getValue(), p, errors);
            }
        }
    }

    private void array(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(path + ": fewer than minItems " + schema.get("minItems"));
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            errors.add(path + ": more than maxItems " + schema.get("maxItems"));
        }
        JsonNode items = schema.get("items");
        if (items != null && (items.isObject() || items.isBoolean())) {
            for (int i = 0; i < value.size(); i++) {
                check(items, value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static void number(JsonNode schema, JsonNode value, String path, List<String> errors) {
        BigDecimal v = value.decimalValue();
        if (schema.path("minimum").isNumber() && v.compareTo(schema.get("minimum").decimalValue()) < 0) {
            errors.add(path + ": below minimum " + schema.get("minimum"));
        }
        if (schema.path("maximum").isNumber() && v.compareTo(schema.get("maximum").decimalValue()) > 0) {
            errors.add(path + ": above maximum " + schema.get("maximum"));
        }
        if (schema.path("exclusiveMinimum").isNumber()
                && v.compareTo(schema.get("exclusiveMinimum").decimalValue()) <= 0) {
            errors.add(path + ": not above exclusiveMinimum " + schema.get("exclusiveMinimum"));
        }
        if (schema.path("exclusiveMaximum").isNumber()
                && v.compareTo(schema.get("exclusiveMaximum").decimalValue()) >= 0) {
            errors.add(path + ": not below exclusiveMaximum " + schema.get("exclusiveMaximum"));
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t.asText(), value)) {
                    return true;
                }
            }
            return false;
        }
        return typeMatches(type.asText(), value);
    }

    private static boolean typeMatches(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber()
                    || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            default -> true;
        };
    }

    private static boolean same(JsonNode expected, JsonNode value) {
        if (expected.isNumber() && value.isNumber()) {
            return expected.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return expected.equals(value);
    }
}
