package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.convert.DataUrls;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes an Anthropic Messages request body into the IR.
 *
 * <p>User turns carrying {@code tool_result} blocks become a {@link Role#TOOL} message with the results, followed by a
 * {@link Role#USER} message with the turn's other blocks. Server tools, cache control and other fields and block types
 * the IR cannot hold are reported to {@link Drops}; they survive only on the same-protocol passthrough path.
 */
final class AnthropicRequestDecoder {

    /** The request fields read into the intermediate form. */
    private static final Set<String> READ = Set.of("model", "system", "messages", "tools", "tool_choice",
            "temperature", "top_p", "top_k", "max_tokens", "stop_sequences", "output_config", "output_format",
            "metadata", "stream", "thinking");
    private static final Set<String> THINKING_READ = Set.of("type", "thinking", "signature");
    private static final Set<String> REDACTED_READ = Set.of("type", "data");
    private static final Set<String> MESSAGE_READ = Set.of("role", "content");
    private static final Set<String> TEXT_READ = Set.of("type", "text");
    private static final Set<String> IMAGE_READ = Set.of("type", "source");
    private static final Set<String> SOURCE_READ = Set.of("type", "media_type", "data", "url");
    private static final Set<String> FORMAT_READ = Set.of("type", "schema");
    private static final Set<String> TOOL_USE_READ = Set.of("type", "id", "name", "input");
    private static final Set<String> TOOL_RESULT_READ = Set.of("type", "tool_use_id", "is_error", "content");
    private static final Set<String> TOOL_READ = Set.of("type", "name", "description", "input_schema");

    private final Drops drops;

    private AnthropicRequestDecoder(Drops drops) {
        this.drops = drops;
    }

    /** Decodes; what the IR has no place for is reported to {@code drops}. */
    static ChatRequest decode(ObjectNode root, Drops drops) {
        ChatRequest request = new AnthropicRequestDecoder(drops).read(root);
        drops.unread(root, READ, "");
        return request;
    }

    private ChatRequest read(ObjectNode root) {
        ChatRequest.Builder b = ChatRequest.builder();
        b.model(Fields.string(root.get("model"), "model"));
        List<String> systemParts = new ArrayList<>();
        String system = systemText(root.get("system"), "system");
        if (system != null) {
            systemParts.add(system);
        }
        b.messages(messages(root, systemParts));
        b.system(systemParts.isEmpty() ? null : String.join("\n\n", systemParts));
        b.tools(tools(root));
        toolChoice(root, b);
        b.temperature(Fields.optNumber(root.get("temperature"), "temperature"));
        b.topP(Fields.optNumber(root.get("top_p"), "top_p"));
        b.topK(Fields.optInt(root.get("top_k"), "top_k"));
        b.maxTokens(Fields.optInt(root.get("max_tokens"), "max_tokens"));
        b.stop(stopSequences(root));
        b.responseFormat(responseFormat(root));
        b.reasoning(AnthropicThinking.decode(root));
        ObjectNode outputConfig = Fields.optObject(root.get("output_config"), "output_config");
        if (outputConfig != null) {
            drops.unread(outputConfig, Set.of("format", "effort"), "output_config.");
        }
        ObjectNode metadata = Fields.optObject(root.get("metadata"), "metadata");
        b.user(metadata == null ? null : Fields.optString(metadata.get("user_id"), "metadata.user_id"));
        if (metadata != null) {
            drops.unread(metadata, Set.of("user_id"), "metadata.");
        }
        boolean stream = Fields.bool(root.get("stream"), "stream", false);
        // Anthropic streams always carry usage (message_start + message_delta), so a streaming client expects it.
        b.stream(stream).includeUsage(stream);
        return b.build();
    }

    /**
     * Structured output: {@code output_config.format}, or the beta's top-level {@code output_format} (the same
     * object) when the former is absent. Its only type is {@code json_schema}.
     */
    private ResponseFormat responseFormat(ObjectNode root) {
        ObjectNode config = Fields.optObject(root.get("output_config"), "output_config");
        String path = "output_config.format";
        ObjectNode format = config == null ? null : Fields.optObject(config.get("format"), path);
        if (format == null) {
            path = "output_format";
            format = Fields.optObject(root.get("output_format"), path);
        }
        if (format == null) {
            return null;
        }
        String type = Fields.string(format.get("type"), path + ".type");
        if (!"json_schema".equals(type)) {
            throw Fields.invalid(path + ".type", "must be 'json_schema', got '" + Echo.of(type) + "'");
        }
        drops.unread(format, FORMAT_READ, path + ".");
        ObjectNode schema = Fields.optObject(format.get("schema"), path + ".schema");
        if (schema == null) {
            throw Fields.required(path + ".schema");
        }
        return ResponseFormat.jsonSchema(schema);
    }

    /** {@code system}: a string or an array of text blocks (joined with blank lines). */
    private String systemText(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText().isEmpty() ? null : node.asText();
        }
        if (!(node instanceof ArrayNode arr)) {
            throw Fields.invalid(path, "must be a string or an array of text blocks");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            ObjectNode block = Fields.object(arr.get(i), path + "." + i);
            String type = Fields.string(block.get("type"), path + "." + i + ".type");
            if (!"text".equals(type)) {
                throw Fields.invalid(path + "." + i + ".type", "must be 'text', got '" + Echo.of(type) + "'");
            }
            texts.add(Fields.string(block.get("text"), path + "." + i + ".text"));
        }
        return texts.isEmpty() ? null : String.join("\n\n", texts);
    }

    private List<Message> messages(ObjectNode root, List<String> systemParts) {
        ArrayNode arr = Fields.optArray(root.get("messages"), "messages");
        if (arr == null) {
            throw Fields.required("messages");
        }
        if (arr.isEmpty()) {
            throw Fields.invalid("messages", "must hold at least one message");
        }
        List<Message> out = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof ObjectNode msg)) {
                throw Fields.invalid(messagePath(i), "must be an object");
            }
            if (msg.size() > 2) {
                drops.unread(msg, MESSAGE_READ, "messages[].");
            }
            JsonNode roleNode = msg.get("role");
            String role = roleNode != null && roleNode.isTextual() ? roleNode.asText()
                    : Fields.string(msg.get("role"), messagePath(i) + ".role");
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
                default -> throw Fields.invalid(messagePath(i) + ".role", "must be 'user' or 'assistant', got '"
                        + Echo.of(role) + "'");
            }
        }
        if (out.isEmpty()) {
            throw Fields.invalid("messages", "must hold at least one user or assistant message");
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

    private void userTurn(ObjectNode msg, int index, Map<String, String> toolNames, List<Message> out) {
        List<ContentPart> results = new ArrayList<>();
        List<ContentPart> parts = blocks(msg, index, toolNames, results);
        if (!results.isEmpty()) {
            out.add(new Message(Role.TOOL, results));
        }
        if (!parts.isEmpty() || results.isEmpty()) {
            out.add(new Message(Role.USER, parts));
        }
    }

    private String contentText(ObjectNode msg, int index) {
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
    private List<ContentPart> blocks(ObjectNode msg, int index, Map<String, String> toolNames,
                                            List<ContentPart> results) {
        JsonNode content = msg.get("content");
        List<ContentPart> parts = new ArrayList<>();
        if (content != null && content.isTextual()) {
            parts.add(new ContentPart.Text(content.asText()));
            return parts;
        }
        String path = messagePath(index);
        if (content == null || content.isNull()) {
            throw Fields.required(path + ".content");
        }
        if (!(content instanceof ArrayNode arr)) {
            throw Fields.invalid(path + ".content", "must be a string or an array of blocks");
        }
        for (int j = 0; j < arr.size(); j++) {
            String bpath = path + ".content." + j;
            ObjectNode block = Fields.object(arr.get(j), bpath);
            String type = Fields.string(block.get("type"), bpath + ".type");
            switch (type) {
                case "text" -> {
                    parts.add(new ContentPart.Text(Fields.string(block.get("text"), bpath + ".text")));
                    sweep(block, TEXT_READ);
                }
                case "image" -> {
                    parts.add(image(block, bpath));
                    sweep(block, IMAGE_READ);
                }
                case "tool_use" -> {
                    sweep(block, TOOL_USE_READ);
                    String id = Fields.string(block.get("id"), bpath + ".id");
                    String name = Fields.string(block.get("name"), bpath + ".name");
                    ObjectNode input = Fields.optObject(block.get("input"), bpath + ".input");
                    toolNames.put(id, name);
                    parts.add(new ContentPart.ToolCall(id, name, Json.text(input == null ? Json.object() : input)));
                }
                case "tool_result" -> {
                    sweep(block, TOOL_RESULT_READ);
                    ContentPart.ToolResult r = toolResult(block, bpath, toolNames);
                    if (results != null) {
                        results.add(r);
                    } else {
                        throw Fields.invalid(bpath, "is a tool_result block, which belongs in a user turn");
                    }
                }
                case "thinking" -> {
                    sweep(block, THINKING_READ);
                    parts.add(AnthropicThinking.block(Fields.string(block.get("thinking"), bpath + ".thinking"),
                            Fields.optString(block.get("signature"), bpath + ".signature")));
                }
                case "redacted_thinking" -> {
                    sweep(block, REDACTED_READ);
                    parts.add(new ContentPart.Reasoning("", Fields.string(block.get("data"), bpath + ".data"), true,
                            Protocol.ANTHROPIC, null));
                }
                default -> drops.field("messages[].content[]=" + type);
            }
        }
        return parts;
    }

    /** Reports a block's fields beyond those read ({@code cache_control}, {@code citations}). */
    private void sweep(ObjectNode block, Set<String> read) {
        if (block.size() > read.size() - 1) {
            drops.unread(block, read, "messages[].content[].");
        }
    }

    private ContentPart.Image image(ObjectNode block, String path) {
        ObjectNode source = Fields.optObject(block.get("source"), path + ".source");
        if (source == null) {
            throw Fields.required(path + ".source");
        }
        String type = Fields.string(source.get("type"), path + ".source.type");
        drops.unread(source, SOURCE_READ, "messages[].content[].source.");
        return switch (type) {
            case "base64" -> ContentPart.Image.ofBase64(
                    Fields.string(source.get("media_type"), path + ".source.media_type"),
                    Fields.string(source.get("data"), path + ".source.data"));
            case "url" -> DataUrls.toImage(Fields.string(source.get("url"), path + ".source.url"));
            default -> throw Fields.invalid(path + ".source.type", "must be base64 or url, got '" + Echo.of(type)
                    + "'");
        };
    }

    /** A tool_result; block content is reduced to its text blocks (images inside results are dropped). */
    private ContentPart.ToolResult toolResult(ObjectNode block, String path, Map<String, String> toolNames) {
        String id = Fields.string(block.get("tool_use_id"), path + ".tool_use_id");
        boolean isError = Fields.bool(block.get("is_error"), path + ".is_error", false);
        JsonNode content = block.get("content");
        String text;
        if (content == null || content.isNull()) {
            text = "";
        } else if (content.isTextual()) {
            text = content.asText();
        } else if (content instanceof ArrayNode arr) {
            List<String> texts = new ArrayList<>();
            for (int k = 0; k < arr.size(); k++) {
                ObjectNode inner = Fields.object(arr.get(k), path + ".content." + k);
                String type = Fields.string(inner.get("type"), path + ".content." + k + ".type");
                if ("text".equals(type)) {
                    texts.add(Fields.string(inner.get("text"), path + ".content." + k + ".text"));
                } else {
                    // Tool results are text in the IR.
                    drops.field("messages[].content[].content[]=" + type);
                }
            }
            text = String.join("\n", texts);
        } else {
            throw Fields.invalid(path + ".content", "must be a string or an array of blocks");
        }
        return new ContentPart.ToolResult(id, toolNames.get(id), text, isError);
    }

    private List<ToolDefinition> tools(ObjectNode root) {
        ArrayNode arr = Fields.optArray(root.get("tools"), "tools");
        List<ToolDefinition> out = new ArrayList<>();
        if (arr == null) {
            return out;
        }
        for (int i = 0; i < arr.size(); i++) {
            String path = "tools." + i;
            ObjectNode tool = Fields.object(arr.get(i), path);
            String type = Fields.optString(tool.get("type"), path + ".type");
            String name = Fields.string(tool.get("name"), path + ".name");
            if (type != null && !"custom".equals(type)) {
                // Server tools (web_search_*, bash_*, ...) run at Anthropic; other upstreams cannot execute them.
                drops.field("tools[]=" + type);
                continue;
            }
            drops.unread(tool, TOOL_READ, "tools[].");
            out.add(new ToolDefinition(name, Fields.optString(tool.get("description"), path + ".description"),
                    Fields.optObject(tool.get("input_schema"), path + ".input_schema")));
        }
        return out;
    }

    private void toolChoice(ObjectNode root, ChatRequest.Builder b) {
        ObjectNode tc = Fields.optObject(root.get("tool_choice"), "tool_choice");
        if (tc == null) {
            return;
        }
        String type = Fields.string(tc.get("type"), "tool_choice.type");
        b.toolChoice(switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.REQUIRED;
            case "none" -> ToolChoice.NONE;
            case "tool" -> ToolChoice.named(Fields.string(tc.get("name"), "tool_choice.name"));
            default -> throw Fields.invalid("tool_choice.type", "must be auto, any, none or tool, got '" + Echo.of(type)
                    + "'");
        });
        if (!Fields.absent(tc.get("disable_parallel_tool_use"))) {
            b.parallelToolCalls(!Fields.bool(tc.get("disable_parallel_tool_use"),
                    "tool_choice.disable_parallel_tool_use", false));
        }
    }

    private List<String> stopSequences(ObjectNode root) {
        return Fields.strings(root.get("stop_sequences"), "stop_sequences");
    }
}
