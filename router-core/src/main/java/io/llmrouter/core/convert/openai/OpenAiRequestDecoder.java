package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.DataUrls;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Decodes an OpenAI Chat Completions request body into the intermediate form.
 *
 * <p>System and developer messages, wherever they appear, are folded into {@link ChatRequest#system()} joined by
 * blank lines: no other protocol can place a system prompt mid-conversation
 * (docs/protocols.md#what-a-client-request-loses). Consecutive {@code tool} messages become one TOOL message, which is
 * what Anthropic and Gemini need anyway. Fields the intermediate form has no place for ({@code n}, {@code logit_bias},
 * audio and file parts, participant {@code name}) are reported to {@link Drops}; a same-protocol call keeps them
 * through {@link OpenAiPassthrough}.
 */
public final class OpenAiRequestDecoder {

    private static final Logger LOG = Logger.getLogger(OpenAiRequestDecoder.class);

    /** The request fields read into the intermediate form. */
    private static final Set<String> READ = Set.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls",
            "temperature", "top_p", "max_completion_tokens", "max_tokens", "stop", "seed", "presence_penalty",
            "frequency_penalty", "stream", "stream_options", "response_format", "safety_identifier", "user", "n",
            "metadata", OpenAiReasoning.EFFORT);
    /** The message fields read, over all roles ({@code refusal} is the text of an earlier answer). */
    private static final Set<String> MESSAGE_READ = Set.of("role", "content", "tool_calls", "tool_call_id",
            "function_call", "refusal", OpenAiReasoning.CONTENT, "reasoning");
    /** The fields of the legacy {@code function} role's message. */
    private static final Set<String> FUNCTION_MESSAGE_READ = Set.of("role", "content", "name");
    private static final Set<String> TEXT_PART_READ = Set.of("type", "text", "refusal");
    private static final Set<String> IMAGE_PART_READ = Set.of("type", "image_url");
    private static final Set<String> IMAGE_URL_READ = Set.of("url");
    private static final Set<String> CALL_READ = Set.of("id", "type", "function");
    private static final Set<String> FUNCTION_READ = Set.of("name", "arguments");
    private static final Set<String> FORMAT_READ = Set.of("type", "json_schema");
    private static final Set<String> JSON_SCHEMA_READ = Set.of("name", "description", "schema", "strict");
    private static final Set<String> TOOL_READ = Set.of("type", "function");
    private static final Set<String> TOOL_FUNCTION_READ = Set.of("name", "description", "parameters", "strict");
    private static final Set<String> STREAM_OPTIONS_READ = Set.of("include_usage");

    /**
     * Decodes; malformed input becomes {@link RouterException#invalidRequest(String)} naming the field, and what the
     * intermediate form has no place for is reported to {@code drops}.
     */
    public ChatRequest decode(ObjectNode body, Drops drops) {
        try {
            return read(body, drops);
        } catch (RouterException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defensive: the contract promises RouterException only, whatever the input.
            throw RouterException.invalidRequest("request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    private ChatRequest read(ObjectNode root, Drops drops) {
        ChatRequest.Builder b = ChatRequest.builder();
        b.model(Fields.string(root.get("model"), "model"));
        List<String> system = new ArrayList<>();
        b.messages(messages(root.get("messages"), system, drops));
        b.system(system.isEmpty() ? null : String.join("\n\n", system));
        b.tools(tools(root.get("tools"), drops));
        b.toolChoice(toolChoice(root.get("tool_choice"), drops));
        b.parallelToolCalls(Fields.optBool(root.get("parallel_tool_calls"), "parallel_tool_calls"));
        b.temperature(Fields.optNumber(root.get("temperature"), "temperature"));
        b.topP(Fields.optNumber(root.get("top_p"), "top_p"));
        // max_completion_tokens supersedes the deprecated max_tokens when both are sent.
        Integer max = Fields.optInt(root.get("max_completion_tokens"), "max_completion_tokens");
        b.maxTokens(max != null ? max : Fields.optInt(root.get("max_tokens"), "max_tokens"));
        b.stop(stop(root.get("stop")));
        b.seed(Fields.optLong(root.get("seed"), "seed"));
        b.presencePenalty(Fields.optNumber(root.get("presence_penalty"), "presence_penalty"));
        b.frequencyPenalty(Fields.optNumber(root.get("frequency_penalty"), "frequency_penalty"));
        boolean stream = Boolean.TRUE.equals(Fields.optBool(root.get("stream"), "stream"));
        b.stream(stream);
        JsonNode opts = root.get("stream_options");
        if (!Fields.absent(opts)) {
            if (!opts.isObject()) {
                throw Fields.invalid("stream_options", "must be an object");
            }
            b.includeUsage(stream && Boolean.TRUE.equals(Fields.optBool(opts.get("include_usage"),
                    "stream_options.include_usage")));
            drops.unread((ObjectNode) opts, STREAM_OPTIONS_READ, "stream_options.");
        }
        b.responseFormat(responseFormat(root.get("response_format"), drops));
        // safety_identifier replaces the deprecated user; both name the end user.
        String safetyId = Fields.optString(root.get("safety_identifier"), "safety_identifier");
        b.user(safetyId != null ? safetyId : Fields.optString(root.get("user"), "user"));
        Integer n = Fields.optInt(root.get("n"), "n");
        if (n != null && n != 1) {
            // The router returns a single choice.
            drops.field("n");
        }
        b.metadata(metadata(root.get("metadata"), "metadata"));
        b.reasoning(OpenAiReasoning.decode(root.get(OpenAiReasoning.EFFORT)));
        drops.unread(root, READ, "");
        return b.build();
    }

    /** OpenAI's request metadata: an object of string values. */
    static Map<String, String> metadata(JsonNode node, String path) {
        ObjectNode object = Fields.optObject(node, path);
        if (object == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            out.put(e.getKey(), Fields.string(e.getValue(), path + "." + e.getKey()));
        }
        return out;
    }

    private List<Message> messages(JsonNode node, List<String> system, Drops drops) {
        if (Fields.absent(node)) {
            throw Fields.required("messages");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw Fields.invalid("messages", "must be a non-empty array");
        }
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            if (!m.isObject()) {
                throw Fields.invalid(messagePath(i), "must be an object");
            }
            JsonNode roleNode = m.get("role");
            String role = roleNode != null && roleNode.isTextual() ? roleNode.textValue()
                    : Fields.string(m.get("role"), messagePath(i) + ".role");
            JsonNode content = m.get("content");
            if (m.size() > 2) {
                // Beyond role and content: tool calls and ids are read below, a participant's name is not.
                drops.unread((ObjectNode) m, "function".equals(role) ? FUNCTION_MESSAGE_READ : MESSAGE_READ,
                        "messages[].");
            }
            switch (role) {
                case "system", "developer" -> system.add(content != null && content.isTextual()
                        ? content.textValue() : textOnly(content, messagePath(i) + ".content", drops));
                case "user" -> out.add(new Message(Role.USER, content != null && content.isTextual()
                        ? List.of(new ContentPart.Text(content.textValue()))
                        : userParts(content, messagePath(i) + ".content", drops)));
                case "assistant" -> assistant(m, i, out, drops);
                case "tool" -> toolResult(m, messagePath(i), out,
                        Fields.string(m.get("tool_call_id"), messagePath(i) + ".tool_call_id"), null, drops);
                case "function" -> toolResult(m, messagePath(i), out, null,
                        Fields.string(m.get("name"), messagePath(i) + ".name"), drops);
                default -> throw Fields.invalid(messagePath(i) + ".role", "has unknown value '"
                        + Echo.of(role) + "' (expected system, developer, user, assistant or tool)");
            }
        }
        return out;
    }

    /**
     * The path of message {@code i} for error messages, built only where it is used: a plain text message (string
     * role and content, the common case) needs none. Three such strings per message cost about a tenth of decoding a
     * four-turn request (JMH {@code openaiRequestDecode}).
     */
    private static String messagePath(int i) {
        return "messages[" + i + "]";
    }

    private static String textOnly(JsonNode content, String path, Drops drops) {
        if (Fields.absent(content)) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw Fields.invalid(path, "must be a string or an array of content parts");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = partType(part, path + "[" + i + "]");
            if ("text".equals(type) || "refusal".equals(type)) {
                sb.append(Fields.string(part.get(type), path + "[" + i + "]." + type));
                drops.unread((ObjectNode) part, TEXT_PART_READ, "messages[].content[].");
            } else {
                // Only text is kept in system, assistant and tool content.
                drops.field("messages[].content[]=" + type);
            }
        }
        return sb.toString();
    }

    private static String partType(JsonNode part, String path) {
        if (!part.isObject()) {
            throw Fields.invalid(path, "must be an object");
        }
        return Fields.string(part.get("type"), path + ".type");
    }

    private static List<ContentPart> userParts(JsonNode content, String path, Drops drops) {
        if (Fields.absent(content)) {
            throw Fields.required(path);
        }
        if (content.isTextual()) {
            return List.of(new ContentPart.Text(content.textValue()));
        }
        if (!content.isArray()) {
            throw Fields.invalid(path, "must be a string or an array of content parts");
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String p = path + "[" + i + "]";
            String type = partType(part, p);
            switch (type) {
                case "text" -> {
                    parts.add(new ContentPart.Text(Fields.string(part.get("text"), p + ".text")));
                    drops.unread((ObjectNode) part, TEXT_PART_READ, "messages[].content[].");
                }
                case "image_url" -> {
                    parts.add(image(part.get("image_url"), p + ".image_url", drops));
                    drops.unread((ObjectNode) part, IMAGE_PART_READ, "messages[].content[].");
                }
                default -> drops.field("messages[].content[]=" + type);
            }
        }
        return parts;
    }

    private static ContentPart.Image image(JsonNode imageUrl, String path, Drops drops) {
        if (Fields.absent(imageUrl)) {
            throw Fields.required(path);
        }
        // Some clients send the URL as a bare string instead of {url}.
        String url = imageUrl.isTextual() ? imageUrl.textValue() : null;
        if (url == null) {
            if (!imageUrl.isObject()) {
                throw Fields.invalid(path, "must be an object with a url");
            }
            url = Fields.string(imageUrl.get("url"), path + ".url");
            // detail: no other protocol has it
            drops.unread((ObjectNode) imageUrl, IMAGE_URL_READ, "messages[].content[].image_url.");
        }
        return DataUrls.toImage(url);
    }

    private static void assistant(JsonNode m, int index, List<Message> out, Drops drops) {
        List<ContentPart> parts = new ArrayList<>();
        String reasoning = OpenAiReasoning.text(m);
        if (reasoning != null) {
            parts.add(ContentPart.Reasoning.text(reasoning));
        }
        JsonNode content = m.get("content");
        if (content != null && content.isTextual()) {
            parts.add(new ContentPart.Text(content.textValue()));
        } else if (!Fields.absent(content)) {
            String text = textOnly(content, messagePath(index) + ".content", drops);
            if (!text.isEmpty()) {
                parts.add(new ContentPart.Text(text));
            }
        }
        JsonNode calls = m.get("tool_calls");
        if (!Fields.absent(calls)) {
            String path = messagePath(index);
            if (!calls.isArray()) {
                throw Fields.invalid(path + ".tool_calls", "must be an array");
            }
            for (int i = 0; i < calls.size(); i++) {
                JsonNode call = calls.get(i);
                String p = path + ".tool_calls[" + i + "]";
                if (!call.isObject()) {
                    throw Fields.invalid(p, "must be an object");
                }
                drops.unread((ObjectNode) call, CALL_READ, "messages[].tool_calls[].");
                parts.add(toolCall(call.get("function"), Fields.optString(call.get("id"), p + ".id"), p + ".function",
                        out.size(), i));
                drops.unread((ObjectNode) call.get("function"), FUNCTION_READ, "messages[].tool_calls[].function.");
            }
        }
        JsonNode legacy = m.get("function_call");
        if (!Fields.absent(legacy)) {
            parts.add(toolCall(legacy, null, messagePath(index) + ".function_call", out.size(), 0));
        }
        if (parts.isEmpty()) {
            LOG.debugf("skipping %s: assistant message without content or tool calls", messagePath(index));
            return;
        }
        out.add(new Message(Role.ASSISTANT, parts));
    }

    private static ContentPart.ToolCall toolCall(JsonNode fn, String id, String path, int seed, int index) {
        if (Fields.absent(fn) || !fn.isObject()) {
            throw Fields.invalid(path, "must be an object with name and arguments");
        }
        String name = Fields.string(fn.get("name"), path + ".name");
        JsonNode args = fn.get("arguments");
        String arguments;
        if (Fields.absent(args)) {
            arguments = "{}";
        } else if (args.isTextual()) {
            arguments = args.textValue();
        } else {
            // Non-conforming clients send an object; the IR keeps compact JSON text.
            arguments = Json.text(args);
        }
        if (id == null || id.isEmpty()) {
            id = ToolCallIds.synthesize(Integer.toString(seed), index, name, arguments);
        }
        return new ContentPart.ToolCall(id, name, arguments);
    }

    private static void toolResult(JsonNode m, String path, List<Message> out, String callId, String legacyName,
                                   Drops drops) {
        String content = textOnly(m.get("content"), path + ".content", drops);
        String name = legacyName;
        String id = callId;
        if (id != null) {
            name = ToolNames.nameOf(out, id);
        } else {
            // Legacy role "function" links by name only: answer the latest call of that name.
            id = ToolNames.lastIdOf(out, legacyName);
        }
        ContentPart.ToolResult result = new ContentPart.ToolResult(id, name, content, false);
        int last = out.size() - 1;
        if (last >= 0 && out.get(last).role() == Role.TOOL) {
            List<ContentPart> merged = new ArrayList<>(out.get(last).content());
            merged.add(result);
            out.set(last, new Message(Role.TOOL, merged));
        } else {
            out.add(new Message(Role.TOOL, List.of(result)));
        }
    }

    /**
     * {@code response_format}: {@code text} (or absent) is free text, {@code json_object} any JSON object,
     * {@code json_schema} JSON matching {@code json_schema.schema}.
     */
    private static ResponseFormat responseFormat(JsonNode node, Drops drops) {
        if (Fields.absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw Fields.invalid("response_format", "must be an object");
        }
        String type = Fields.string(node.get("type"), "response_format.type");
        drops.unread((ObjectNode) node, FORMAT_READ, "response_format.");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> ResponseFormat.jsonObject();
            case "json_schema" -> {
                JsonNode spec = node.get("json_schema");
                if (Fields.absent(spec) || !spec.isObject()) {
                    throw Fields.required("response_format.json_schema");
                }
                JsonNode schema = spec.get("schema");
                if (!Fields.absent(schema) && !schema.isObject()) {
                    throw Fields.invalid("response_format.json_schema.schema", "must be an object");
                }
                drops.unread((ObjectNode) spec, JSON_SCHEMA_READ, "response_format.json_schema.");
                // Without a schema (optional in OpenAI's spec) the answer is any JSON: JSON mode, keeping the name.
                yield new ResponseFormat(Fields.absent(schema) ? null : (ObjectNode) schema,
                        Fields.string(spec.get("name"), "response_format.json_schema.name"),
                        Fields.optString(spec.get("description"), "response_format.json_schema.description"),
                        Fields.optBool(spec.get("strict"), "response_format.json_schema.strict"));
            }
            default -> throw Fields.invalid("response_format.type", "has unknown value '" + Echo.of(type)
                    + "' (expected text, json_object or json_schema)");
        };
    }

    private static List<ToolDefinition> tools(JsonNode node, Drops drops) {
        if (Fields.absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw Fields.invalid("tools", "must be an array");
        }
        List<ToolDefinition> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String p = "tools[" + i + "]";
            if (!t.isObject()) {
                throw Fields.invalid(p, "must be an object");
            }
            String type = Fields.optString(t.get("type"), p + ".type");
            if (type != null && !"function".equals(type)) {
                // Only function tools convert.
                drops.field("tools[]=" + type);
                continue;
            }
            JsonNode fn = t.get("function");
            if (Fields.absent(fn) || !fn.isObject()) {
                throw Fields.required(p + ".function");
            }
            JsonNode params = fn.get("parameters");
            if (!Fields.absent(params) && !params.isObject()) {
                throw Fields.invalid(p + ".function.parameters", "must be an object");
            }
            if (fn.path("strict").asBoolean(false)) {
                drops.field("tools[].function.strict");
            }
            drops.unread((ObjectNode) t, TOOL_READ, "tools[].");
            drops.unread((ObjectNode) fn, TOOL_FUNCTION_READ, "tools[].function.");
            out.add(new ToolDefinition(Fields.string(fn.get("name"), p + ".function.name"),
                    Fields.optString(fn.get("description"), p + ".function.description"),
                    Fields.absent(params) ? null : (ObjectNode) params));
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode node, Drops drops) {
        if (Fields.absent(node)) {
            return null;
        }
        if (node.isTextual()) {
            return switch (node.textValue()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw Fields.invalid("tool_choice",
                        "must be none, auto, required or {type:function,function:{name}}");
            };
        }
        if (!node.isObject()) {
            throw Fields.invalid("tool_choice", "must be a string or an object");
        }
        String type = Fields.optString(node.get("type"), "tool_choice.type");
        if ("allowed_tools".equals(type)) {
            // The IR has no allow-list; "required"/"auto" of the allow-list is the closest faithful reading.
            JsonNode at = node.get("allowed_tools");
            String mode = at == null ? null : Fields.optString(at.get("mode"), "tool_choice.allowed_tools.mode");
            drops.field("tool_choice.allowed_tools.tools");
            return "required".equals(mode) ? ToolChoice.REQUIRED : ToolChoice.AUTO;
        }
        JsonNode fn = node.get("function");
        if (Fields.absent(fn) || !fn.isObject()) {
            throw Fields.invalid("tool_choice.function", "is required for a named tool choice");
        }
        return ToolChoice.named(Fields.string(fn.get("name"), "tool_choice.function.name"));
    }

    private static List<String> stop(JsonNode node) {
        if (Fields.absent(node)) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw Fields.invalid("stop", "must be a string or an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : node) {
            if (!s.isTextual()) {
                throw Fields.invalid("stop", "must be a string or an array of strings");
            }
            out.add(s.textValue());
        }
        return out;
    }
}
