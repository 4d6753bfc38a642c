package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Decodes an Anthropic Messages request body into the IR.
 *
 * <p>User turns carrying {@code tool_result} blocks become a {@link Role#TOOL} message with the results, followed by a
 * {@link Role#USER} message with the turn's other blocks. Thinking blocks, server tools and other block types the IR
 * cannot hold are dropped with a debug log; {@code thinking}, {@code output_config.effort} and other unmodelled
 * fields survive only on the same-protocol passthrough path.
 */
final class AnthropicRequestDecoder {

    private static final Logger LOG = Logger.getLogger(AnthropicRequestDecoder.class);

    private AnthropicRequestDecoder() {
    }

    static ChatRequest decode(ObjectNode root) {
        ChatRequest.Builder b = ChatRequest.builder();
        b.model(Fields.text(root, "model", "model"));
        List<String> systemParts = new ArrayList<>();
        String system = systemText(root.get("system"), "system");
        if (system != null) {
            systemParts.add(system);
        }
        b.messages(messages(root, systemParts));
        b.system(systemParts.isEmpty() ? null : String.join("\n\n", systemParts));
        b.tools(tools(root));
        toolChoice(root, b);
        b.temperature(Fields.optDouble(root, "temperature", "temperature"));
        b.topP(Fields.optDouble(root, "top_p", "top_p"));
        b.topK(Fields.optInt(root, "top_k", "top_k"));
        b.maxTokens(Fields.optInt(root, "max_tokens", "max_tokens"));
        b.stop(stopSequences(root));
        b.responseFormat(responseFormat(root));
        ObjectNode metadata = Fields.optObject(root, "metadata", "metadata");
        b.user(metadata == null ? null : Fields.optText(metadata, "user_id", "metadata.user_id"));
        boolean stream = Fields.optBool(root, "stream", "stream", false);
        // Anthropic streams always carry usage (message_start + message_delta), so a streaming client expects it.
        b.stream(stream).includeUsage(stream);
        return b.build();
    }

    /**
     * Structured output: {@code output_config.format}, or the beta's top-level {@code output_format} (the same
     * object) when the former is absent. Its only type is {@code json_schema}.
     */
    private static ResponseFormat responseFormat(ObjectNode root) {
        ObjectNode config = Fields.optObject(root, "output_config", "output_config");
        String path = "output_config.format";
        ObjectNode format = config == null ? null : Fields.optObject(config, "format", path);
        if (format == null) {
            path = "output_format";
            format = Fields.optObject(root, "output_format", path);
        }
        if (format == null) {
            return null;
        }
        String type = Fields.text(format, "type", path + ".type");
        if (!"json_schema".equals(type)) {
            throw RouterException.invalidRequest(path + ".type: expected 'json_schema', got '" + Echo.of(type) + "'");
        }
        ObjectNode schema = Fields.optObject(format, "schema", path + ".schema");
        if (schema == null) {
            throw RouterException.invalidRequest(path + ".schema: required");
        }
        return ResponseFormat.jsonSchema(schema);
    }

    /** {@code system}: a string or an array of text blocks (joined with blank lines). */
    private static String systemText(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText().isEmpty() ? null : node.asText();
        }
        if (!(node instanceof ArrayNode arr)) {
            throw RouterException.invalidRequest(path + ": expected a string or an array of text blocks");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            ObjectNode block = Fields.element(arr.get(i), path + "." + i);
            String type = Fields.text(block, "type", path + "." + i + ".type");
            if (!"text".equals(type)) {
                throw RouterException.invalidRequest(path + "." + i + ".type: expected 'text', got '" + Echo.of(type)
                        + "'");
            }
            texts.add(Fields.text(block, "text", path + "." + i + ".text"));
        }
        return texts.isEmpty() ? null : String.join("\n\n", texts);
    }

    private static List<Message> messages(ObjectNode root, List<String> systemParts) {
        ArrayNode arr = Fields.optArray(root, "messages", "messages");
        if (arr == null) {
            throw RouterException.invalidRequest("messages: field required");
        }
        if (arr.isEmpty()) {
            throw RouterException.invalidRequest("messages: at least one message is required");
        }
        List<Message> out = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof ObjectNode msg)) {
                throw RouterException.invalidRequest(messagePath(i) + ": expected an object");
            }
            JsonNode roleNode = msg.get("role");
            String role = roleNode != null && roleNode.isTextual() ? roleNode.asText()
                    : Fields.text(msg, "role", messagePath(i) + ".role");
            switch (role) {
                case "user" -> userTurn(msg, i, toolNames, out);
                case "assistant" -> {
                    List<ContentPart> parts = blocks(msg, i, toolNames, null);
                    out.add(new Message(Role.ASSISTANT, parts));
                }
                // Newer SDK types allow a mid-conversation system turn; the IR folds it into the system prompt.
                case "system" -> {
                    String text = contentText(msg, i);
                    if (!text.isEmpty()) {
                        systemParts.add(text);
                    }
                }
                default -> throw RouterException.invalidRequest(messagePath(i)
                        + ".role: expected 'user' or 'assistant', got '" + Echo.of(role) + "'");
            }
        }
        if (out.isEmpty()) {
            throw RouterException.invalidRequest("messages: at least one user or assistant message is required");
        }
        return out;
    }

    /**
     * The path of message {@code i} for error messages, built only where it is used: a turn whose role and content
     * are plain strings (the common case) needs none, as in the OpenAI request decoder.
     */
    private static String messagePath(int i) {
        return "messages." + i;
    }

    private static void userTurn(ObjectNode msg, int index, Map<String, String> toolNames, List<Message> out) {
        List<ContentPart> results = new ArrayList<>();
        List<ContentPart> parts = blocks(msg, index, toolNames, results);
        if (!results.isEmpty()) {
            out.add(new Message(Role.TOOL, results));
        }
        if (!parts.isEmpty() || results.isEmpty()) {
            out.add(new Message(Role.USER, parts));
        }
    }

    private static String contentText(ObjectNode msg, int index) {
        StringBuilder sb = new StringBuilder();
        for (ContentPart p : blocks(msg, index, new HashMap<>(), null)) {
            if (p instanceof ContentPart.Text t) {
                sb.append(sb.length() == 0 ? "" : "\n\n").append(t.text());
            }
        }
        return sb.toString();
    }

    /**
     * The content of one turn. Tool results go to {@code results} when given (user turns); tool_use ids are
     * recorded in {@code toolNames} so later results can name their function.
     */
    private static List<ContentPart> blocks(ObjectNode msg, int index, Map<String, String> toolNames,
                                            List<ContentPart> results) {
        JsonNode content = msg.get("content");
        List<ContentPart> parts = new ArrayList<>();
        if (content != null && content.isTextual()) {
            parts.add(new ContentPart.Text(content.asText()));
            return parts;
        }
        String path = messagePath(index);
        if (content == null || content.isNull()) {
            throw RouterException.invalidRequest(path + ".content: field required");
        }
        if (!(content instanceof ArrayNode arr)) {
            throw RouterException.invalidRequest(path + ".content: expected a string or an array of blocks");
        }
        for (int j = 0; j < arr.size(); j++) {
            String bpath = path + ".content." + j;
            ObjectNode block = Fields.element(arr.get(j), bpath);
            String type = Fields.text(block, "type", bpath + ".type");
            switch (type) {
                case "text" -> parts.add(new ContentPart.Text(Fields.text(block, "text", bpath + ".text")));
                case "image" -> parts.add(image(block, bpath));
                case "tool_use" -> {
                    String id = Fields.text(block, "id", bpath + ".id");
                    String name = Fields.text(block, "name", bpath + ".name");
                    ObjectNode input = Fields.optObject(block, "input", bpath + ".input");
                    toolNames.put(id, name);
                    parts.add(new ContentPart.ToolCall(id, name, Json.text(input == null ? Json.object() : input)));
                }
                case "tool_result" -> {
                    ContentPart.ToolResult r = toolResult(block, bpath, toolNames);
                    if (results != null) {
                        results.add(r);
                    } else {
                        throw RouterException.invalidRequest(bpath + ": tool_result blocks belong in user turns");
                    }
                }
                default -> LOG.debugf("dropping %s block at %s: not expressible in the intermediate form", type, bpath);
            }
        }
        return parts;
    }

    private static ContentPart.Image image(ObjectNode block, String path) {
        ObjectNode source = Fields.optObject(block, "source", path + ".source");
        if (source == null) {
            throw RouterException.invalidRequest(path + ".source: field required");
        }
        String type = Fields.text(source, "type", path + ".source.type");
        return switch (type) {
            case "base64" -> ContentPart.Image.ofBase64(Fields.text(source, "media_type", path + ".source.media_type"),
                    Fields.text(source, "data", path + ".source.data"));
            case "url" -> DataUrls.toImage(Fields.text(source, "url", path + ".source.url"));
            default -> throw RouterException.invalidRequest(path + ".source.type: unsupported image source '" + type
                    + "' (expected base64 or url)");
        };
    }

    /** A tool_result; block content is reduced to its text blocks (images inside results are dropped). */
    private static ContentPart.ToolResult toolResult(ObjectNode block, String path, Map<String, String> toolNames) {
        String id = Fields.text(block, "tool_use_id", path + ".tool_use_id");
        boolean isError = Fields.optBool(block, "is_error", path + ".is_error", false);
        JsonNode content = block.get("content");
        String text;
        if (content == null || content.isNull()) {
            text = "";
        } else if (content.isTextual()) {
            text = content.asText();
        } else if (content instanceof ArrayNode arr) {
            List<String> texts = new ArrayList<>();
            for (int k = 0; k < arr.size(); k++) {
                ObjectNode inner = Fields.element(arr.get(k), path + ".content." + k);
                String type = Fields.text(inner, "type", path + ".content." + k + ".type");
                if ("text".equals(type)) {
                    texts.add(Fields.text(inner, "text", path + ".content." + k + ".text"));
                } else {
                    LOG.debugf("dropping %s block inside tool_result at %s: tool results are text in the IR", type,
                            path);
                }
            }
            text = String.join("\n", texts);
        } else {
            throw RouterException.invalidRequest(path + ".content: expected a string or an array of blocks");
        }
        return new ContentPart.ToolResult(id, toolNames.get(id), text, isError);
    }

    private static List<ToolDefinition> tools(ObjectNode root) {
        ArrayNode arr = Fields.optArray(root, "tools", "tools");
        List<ToolDefinition> out = new ArrayList<>();
        if (arr == null) {
            return out;
        }
        for (int i = 0; i < arr.size(); i++) {
            String path = "tools." + i;
            ObjectNode tool = Fields.element(arr.get(i), path);
            String type = Fields.optText(tool, "type", path + ".type");
            String name = Fields.text(tool, "name", path + ".name");
            if (type != null && !"custom".equals(type)) {
                // Server tools (web_search_*, bash_*, ...) run at Anthropic; other upstreams cannot execute them.
                LOG.debugf("dropping server tool %s (%s): not expressible in the intermediate form", name, type);
                continue;
            }
            out.add(new ToolDefinition(name, Fields.optText(tool, "description", path + ".description"),
                    Fields.optObject(tool, "input_schema", path + ".input_schema")));
        }
        return out;
    }

    private static void toolChoice(ObjectNode root, ChatRequest.Builder b) {
        ObjectNode tc = Fields.optObject(root, "tool_choice", "tool_choice");
        if (tc == null) {
            return;
        }
        String type = Fields.text(tc, "type", "tool_choice.type");
        b.toolChoice(switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.REQUIRED;
            case "none" -> ToolChoice.NONE;
            case "tool" -> ToolChoice.named(Fields.text(tc, "name", "tool_choice.name"));
            default -> throw RouterException.invalidRequest("tool_choice.type: expected auto, any, none or tool, got '"
                    + Echo.of(type) + "'");
        });
        if (!Fields.absent(tc, "disable_parallel_tool_use")) {
            b.parallelToolCalls(!Fields.optBool(tc, "disable_parallel_tool_use",
                    "tool_choice.disable_parallel_tool_use", false));
        }
    }

    private static List<String> stopSequences(ObjectNode root) {
        ArrayNode arr = Fields.optArray(root, "stop_sequences", "stop_sequences");
        List<String> out = new ArrayList<>();
        if (arr != null) {
            for (int i = 0; i < arr.size(); i++) {
                JsonNode s = arr.get(i);
                if (!s.isTextual()) {
                    throw RouterException.invalidRequest("stop_sequences." + i + ": expected a string");
                }
                out.add(s.asText());
            }
        }
        return out;
    }
}
