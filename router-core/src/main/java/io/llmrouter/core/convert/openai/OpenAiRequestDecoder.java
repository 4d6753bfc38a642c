package io.llmrouter.core.convert.openai;

import static io.llmrouter.core.convert.openai.RequestFields.absent;
import static io.llmrouter.core.convert.openai.RequestFields.optBool;
import static io.llmrouter.core.convert.openai.RequestFields.optDouble;
import static io.llmrouter.core.convert.openai.RequestFields.optInt;
import static io.llmrouter.core.convert.openai.RequestFields.optLong;
import static io.llmrouter.core.convert.openai.RequestFields.optString;
import static io.llmrouter.core.convert.openai.RequestFields.requireString;

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
import io.llmrouter.core.convert.Json;
import io.llmrouter.core.convert.ToolCallIds;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Decodes an OpenAI Chat Completions request body into the intermediate form.
 *
 * <p>System and developer messages, wherever they appear, are folded into {@link ChatRequest#system()} joined by
 * blank lines: no other protocol can place a system prompt mid-conversation
 * (docs/protocols.md#what-a-client-request-loses). Consecutive {@code tool} messages become one TOOL message, which is
 * what Anthropic and Gemini need anyway. Fields the intermediate form has no place for ({@code n}, {@code logit_bias},
 * audio and file parts, participant {@code name}) are dropped with a debug log; a same-protocol call keeps them through
 * {@link OpenAiPassthrough}.
 */
public final class OpenAiRequestDecoder {

    private static final Logger LOG = Logger.getLogger(OpenAiRequestDecoder.class);

    /** Decodes; malformed input becomes {@link RouterException#invalidRequest(String)} naming the field. */
    public ChatRequest decode(ObjectNode body) {
        try {
            return read(body);
        } catch (RouterException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defensive: the contract promises RouterException only, whatever the input.
            throw RouterException.invalidRequest("request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    private ChatRequest read(ObjectNode root) {
        ChatRequest.Builder b = ChatRequest.builder();
        b.model(requireString(root, "model", "model"));
        List<String> system = new ArrayList<>();
        b.messages(messages(root.get("messages"), system));
        b.system(system.isEmpty() ? null : String.join("\n\n", system));
        b.tools(tools(root.get("tools")));
        b.toolChoice(toolChoice(root.get("tool_choice")));
        b.parallelToolCalls(optBool(root, "parallel_tool_calls"));
        b.temperature(optDouble(root, "temperature"));
        b.topP(optDouble(root, "top_p"));
        // max_completion_tokens supersedes the deprecated max_tokens when both are sent.
        Integer max = optInt(root, "max_completion_tokens");
        b.maxTokens(max != null ? max : optInt(root, "max_tokens"));
        b.stop(stop(root.get("stop")));
        b.seed(optLong(root, "seed"));
        b.presencePenalty(optDouble(root, "presence_penalty"));
        b.frequencyPenalty(optDouble(root, "frequency_penalty"));
        boolean stream = Boolean.TRUE.equals(optBool(root, "stream"));
        b.stream(stream);
        JsonNode opts = root.get("stream_options");
        if (!absent(opts)) {
            if (!opts.isObject()) {
                throw RouterException.invalidRequest("'stream_options' must be an object");
            }
            b.includeUsage(stream && Boolean.TRUE.equals(optBool(opts, "include_usage")));
        }
        b.responseFormat(responseFormat(root.get("response_format")));
        // safety_identifier replaces the deprecated user; both name the end user.
        String safetyId = optString(root, "safety_identifier", "safety_identifier");
        b.user(safetyId != null ? safetyId : optString(root, "user", "user"));
        Integer n = optInt(root, "n");
        if (n != null && n != 1) {
            LOG.debugf("dropping n=%d: the router returns a single choice", n);
        }
        return b.build();
    }

    private List<Message> messages(JsonNode node, List<String> system) {
        if (absent(node)) {
            throw RouterException.invalidRequest("'messages' is required");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw RouterException.invalidRequest("'messages' must be a non-empty array");
        }
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            if (!m.isObject()) {
                throw RouterException.invalidRequest("'" + messagePath(i) + "' must be an object");
            }
            JsonNode roleNode = m.get("role");
            String role = roleNode != null && roleNode.isTextual() ? roleNode.textValue()
                    : requireString(m, "role", messagePath(i) + ".role");
            JsonNode content = m.get("content");
            switch (role) {
                case "system", "developer" -> system.add(content != null && content.isTextual()
                        ? content.textValue() : textOnly(content, messagePath(i) + ".content"));
                case "user" -> out.add(new Message(Role.USER, content != null && content.isTextual()
                        ? List.of(new ContentPart.Text(content.textValue()))
                        : userParts(content, messagePath(i) + ".content")));
                case "assistant" -> assistant(m, i, out);
                case "tool" -> toolResult(m, messagePath(i), out,
                        requireString(m, "tool_call_id", messagePath(i) + ".tool_call_id"), null);
                case "function" -> toolResult(m, messagePath(i), out, null,
                        requireString(m, "name", messagePath(i) + ".name"));
                default -> throw RouterException.invalidRequest("'" + messagePath(i) + ".role' has unknown value '"
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

    private static String textOnly(JsonNode content, String path) {
        if (absent(content)) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw RouterException.invalidRequest("'" + path + "' must be a string or an array of content parts");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = partType(part, path + "[" + i + "]");
            if ("text".equals(type) || "refusal".equals(type)) {
                sb.append(requireString(part, type, path + "[" + i + "]." + type));
            } else {
                LOG.debugf("dropping %s part of type %s: only text is kept here", path, type);
            }
        }
        return sb.toString();
    }

    private static String partType(JsonNode part, String path) {
        if (!part.isObject()) {
            throw RouterException.invalidRequest("'" + path + "' must be an object");
        }
        return requireString(part, "type", path + ".type");
    }

    private static List<ContentPart> userParts(JsonNode content, String path) {
        if (absent(content)) {
            throw RouterException.invalidRequest("'" + path + "' is required");
        }
        if (content.isTextual()) {
            return List.of(new ContentPart.Text(content.textValue()));
        }
        if (!content.isArray()) {
            throw RouterException.invalidRequest("'" + path + "' must be a string or an array of content parts");
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String p = path + "[" + i + "]";
            String type = partType(part, p);
            switch (type) {
                case "text" -> parts.add(new ContentPart.Text(requireString(part, "text", p + ".text")));
                case "image_url" -> parts.add(image(part.get("image_url"), p + ".image_url"));
                default -> LOG.debugf("dropping %s of type %s: the intermediate form has no such part", p, type);
            }
        }
        return parts;
    }

    private static ContentPart.Image image(JsonNode imageUrl, String path) {
        if (absent(imageUrl)) {
            throw RouterException.invalidRequest("'" + path + "' is required");
        }
        // Some clients send the URL as a bare string instead of {url}.
        String url = imageUrl.isTextual() ? imageUrl.textValue() : null;
        if (url == null) {
            if (!imageUrl.isObject()) {
                throw RouterException.invalidRequest("'" + path + "' must be an object with a url");
            }
            url = requireString(imageUrl, "url", path + ".url");
        }
        return DataUrls.toImage(url);
    }

    private static void assistant(JsonNode m, int index, List<Message> out) {
        List<ContentPart> parts = new ArrayList<>();
        JsonNode content = m.get("content");
        if (content != null && content.isTextual()) {
            parts.add(new ContentPart.Text(content.textValue()));
        } else if (!absent(content)) {
            String text = textOnly(content, messagePath(index) + ".content");
            if (!text.isEmpty()) {
                parts.add(new ContentPart.Text(text));
            }
        }
        JsonNode calls = m.get("tool_calls");
        if (!absent(calls)) {
            String path = messagePath(index);
            if (!calls.isArray()) {
                throw RouterException.invalidRequest("'" + path + ".tool_calls' must be an array");
            }
            for (int i = 0; i < calls.size(); i++) {
                JsonNode call = calls.get(i);
                String p = path + ".tool_calls[" + i + "]";
                if (!call.isObject()) {
                    throw RouterException.invalidRequest("'" + p + "' must be an object");
                }
                parts.add(toolCall(call.get("function"), optString(call, "id", p + ".id"), p + ".function",
                        out.size(), i));
            }
        }
        JsonNode legacy = m.get("function_call");
        if (!absent(legacy)) {
            parts.add(toolCall(legacy, null, messagePath(index) + ".function_call", out.size(), 0));
        }
        if (parts.isEmpty()) {
            LOG.debugf("skipping %s: assistant message without content or tool calls", messagePath(index));
            return;
        }
        out.add(new Message(Role.ASSISTANT, parts));
    }

    private static ContentPart.ToolCall toolCall(JsonNode fn, String id, String path, int seed, int index) {
        if (absent(fn) || !fn.isObject()) {
            throw RouterException.invalidRequest("'" + path + "' must be an object with name and arguments");
        }
        String name = requireString(fn, "name", path + ".name");
        JsonNode args = fn.get("arguments");
        String arguments;
        if (absent(args)) {
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

    private static void toolResult(JsonNode m, String path, List<Message> out, String callId, String legacyName) {
        String content = textOnly(m.get("content"), path + ".content");
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
    private static ResponseFormat responseFormat(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw RouterException.invalidRequest("'response_format' must be an object");
        }
        String type = requireString(node, "type", "response_format.type");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> ResponseFormat.jsonObject();
            case "json_schema" -> {
                JsonNode spec = node.get("json_schema");
                if (absent(spec) || !spec.isObject()) {
                    throw RouterException.invalidRequest("'response_format.json_schema' is required");
                }
                JsonNode schema = spec.get("schema");
                if (!absent(schema) && !schema.isObject()) {
                    throw RouterException.invalidRequest("'response_format.json_schema.schema' must be an object");
                }
                // Without a schema (optional in OpenAI's spec) the answer is any JSON: JSON mode, keeping the name.
                yield new ResponseFormat(absent(schema) ? null : (ObjectNode) schema,
                        requireString(spec, "name", "response_format.json_schema.name"),
                        optString(spec, "description", "response_format.json_schema.description"),
                        optBool(spec, "strict"));
            }
            default -> throw RouterException.invalidRequest("'response_format.type' has unknown value '" + Echo.of(type)
                    + "' (expected text, json_object or json_schema)");
        };
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw RouterException.invalidRequest("'tools' must be an array");
        }
        List<ToolDefinition> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String p = "tools[" + i + "]";
            if (!t.isObject()) {
                throw RouterException.invalidRequest("'" + p + "' must be an object");
            }
            String type = optString(t, "type", p + ".type");
            if (type != null && !"function".equals(type)) {
                LOG.debugf("dropping %s of type %s: only function tools convert", p, type);
                continue;
            }
            JsonNode fn = t.get("function");
            if (absent(fn) || !fn.isObject()) {
                throw RouterException.invalidRequest("'" + p + ".function' is required");
            }
            JsonNode params = fn.get("parameters");
            if (!absent(params) && !params.isObject()) {
                throw RouterException.invalidRequest("'" + p + ".function.parameters' must be an object");
            }
            out.add(new ToolDefinition(requireString(fn, "name", p + ".function.name"),
                    optString(fn, "description", p + ".function.description"),
                    absent(params) ? null : (ObjectNode) params));
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (node.isTextual()) {
            return switch (node.textValue()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw RouterException.invalidRequest(
                        "'tool_choice' must be none, auto, required or {type:function,function:{name}}");
            };
        }
        if (!node.isObject()) {
            throw RouterException.invalidRequest("'tool_choice' must be a string or an object");
        }
        String type = optString(node, "type", "tool_choice.type");
        if ("allowed_tools".equals(type)) {
            // The IR has no allow-list; "required"/"auto" of the allow-list is the closest faithful reading.
            JsonNode at = node.get("allowed_tools");
            String mode = at == null ? null : optString(at, "mode", "tool_choice.allowed_tools.mode");
            LOG.debug("tool_choice allowed_tools: allow-list dropped, mode kept");
            return "required".equals(mode) ? ToolChoice.REQUIRED : ToolChoice.AUTO;
        }
        JsonNode fn = node.get("function");
        if (absent(fn) || !fn.isObject()) {
            throw RouterException.invalidRequest("'tool_choice.function' is required for a named tool choice");
        }
        return ToolChoice.named(requireString(fn, "name", "tool_choice.function.name"));
    }

    private static List<String> stop(JsonNode node) {
        if (absent(node)) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw RouterException.invalidRequest("'stop' must be a string or an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : node) {
            if (!s.isTextual()) {
                throw RouterException.invalidRequest("'stop' must be a string or an array of strings");
            }
            out.add(s.textValue());
        }
        return out;
    }
}
