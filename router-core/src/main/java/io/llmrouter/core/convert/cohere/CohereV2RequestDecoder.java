package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.convert.DataUrls;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a Cohere Chat v2 client request (OpenAI-like messages). System messages anywhere are folded into the IR
 * system prompt; {@code tool_plan} becomes the assistant turn's leading text (it is the text the model wrote
 * alongside its calls, as v1's {@code text} is); consecutive tool messages become one TOOL turn.
 */
final class CohereV2RequestDecoder {

    private static final Set<String> HANDLED = Set.of("model", "messages", "tools", "tool_choice", "temperature",
            "p", "k", "max_tokens", "stop_sequences", "seed", "presence_penalty", "frequency_penalty", "stream",
            "response_format", CohereThinking.FIELD);

    /** The fields of a message, over all roles. */
    private static final Set<String> MESSAGE_READ = Set.of("role", "content", "tool_plan", "tool_calls",
            "tool_call_id");
    /** The fields of a content part, over text, image and thinking parts. */
    private static final Set<String> PART_READ = Set.of("type", "text", "image_url", CohereThinking.FIELD);
    private static final Set<String> IMAGE_URL_READ = Set.of("url");
    private static final Set<String> CALL_READ = Set.of("id", "type", "function");
    private static final Set<String> FUNCTION_READ = Set.of("name", "arguments");
    private static final Set<String> TOOL_READ = Set.of("type", "function");
    private static final Set<String> TOOL_FUNCTION_READ = Set.of("name", "description", "parameters");
    private final List<Message> messages = new ArrayList<>();
    private final List<String> system = new ArrayList<>();
    private final Map<String, String> callNames = new HashMap<>();
    private List<ContentPart> pendingResults;

    private final Drops drops;

    private CohereV2RequestDecoder(Drops drops) {
        this.drops = drops;
    }

    /** Decodes one request body; what the intermediate form has no place for is reported to {@code drops}. */
    static ChatRequest decode(ObjectNode body, Drops drops) {
        return new CohereV2RequestDecoder(drops).run(body);
    }

    private ChatRequest run(ObjectNode body) {
        String model = Fields.string(body.get("model"), "model");
        ArrayNode list = Fields.array(body.get("messages"), "messages");
        if (list.isEmpty()) {
            throw Fields.invalid("messages", "is required and must not be empty");
        }
        for (int i = 0; i < list.size(); i++) {
            message(Fields.object(list.get(i), "messages[" + i + "]"), "messages[" + i + "]");
        }
        flushResults();
        if (messages.isEmpty()) {
            throw Fields.invalid("messages", "holds only system messages");
        }
        ChatRequest.Builder b = ChatRequest.builder()
                .model(model)
                .system(system.isEmpty() ? null : String.join("\n\n", system))
                .messages(messages)
                .tools(tools(Fields.array(body.get("tools"), "tools"), drops))
                .toolChoice(toolChoice(Fields.optString(body.get("tool_choice"), "tool_choice")));
        CohereSampling.decode(body, b);
        b.responseFormat(CohereResponseFormat.V2.decode(body, drops));
        b.reasoning(CohereThinking.decode(body.get(CohereThinking.FIELD), drops));
        drops.unread(body, HANDLED, ""); // documents, safety_mode, ...
        return b.build();
    }

    private void message(ObjectNode m, String path) {
        String role = Fields.string(m.get("role"), path + ".role").toLowerCase(Locale.ROOT);
        drops.unread(m, MESSAGE_READ, "messages[].");
        if (!role.equals("tool")) {
            flushResults();
        }
        switch (role) {
            case "system" -> {
                String text = text(m.get("content"), path + ".content");
                if (!text.isEmpty()) {
                    system.add(text);
                }
            }
            case "user" -> messages.add(new Message(Role.USER, userContent(m.get("content"), path + ".content")));
            case "assistant" -> messages.add(assistant(m, path));
            case "tool" -> toolResult(m, path);
            default -> throw Fields.invalid(path + ".role", "must be one of system, user, assistant, tool; got '"
                    + Echo.of(role) + "'");
        }
    }

    private List<ContentPart> userContent(JsonNode content, String path) {
        List<ContentPart> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            parts.add(new ContentPart.Text(content.asText()));
            return parts;
        }
        if (!content.isArray()) {
            throw Fields.invalid(path, "must be a string or an array");
        }
        for (int i = 0; i < content.size(); i++) {
            String p = path + "[" + i + "]";
            ObjectNode part = Fields.object(content.get(i), p);
            String type = Fields.optString(part.get("type"), p + ".type");
            if ("text".equals(type)) {
                parts.add(new ContentPart.Text(Fields.string(part.get("text"), p + ".text")));
                drops.unread(part, PART_READ, "messages[].content[].");
            } else if ("image_url".equals(type)) {
                drops.unread(part, PART_READ, "messages[].content[].");
                JsonNode image = part.get("image_url");
                if (image instanceof ObjectNode o) {
                    drops.unread(o, IMAGE_URL_READ, "messages[].content[].image_url.");
                }
                String url = image != null && image.isTextual() ? image.asText()
                        : image instanceof ObjectNode o ? Fields.string(o.get("url"), p + ".image_url.url") : null;
                if (url == null) {
                    throw Fields.required(p + ".image_url");
                }
                parts.add(DataUrls.toImage(url));
            } else {
                drops.field("messages[].content[]=" + type);
            }
        }
        return parts;
    }

    private Message assistant(ObjectNode m, String path) {
        List<ContentPart> parts = new ArrayList<>();
        JsonNode content = m.get("content");
        if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                if (part instanceof ObjectNode o) {
                    drops.unread(o, PART_READ, "messages[].content[].");
                }
                if (CohereThinking.FIELD.equals(part.path("type").asText())) {
                    String thinking = Fields.text(part.get(CohereThinking.FIELD), "");
                    if (!thinking.isEmpty()) {
                        parts.add(ContentPart.Reasoning.text(thinking));
                    }
                }
            }
        }
        String plan = Fields.optString(m.get("tool_plan"), path + ".tool_plan");
        if (plan != null && !plan.isEmpty()) {
            parts.add(new ContentPart.Text(plan));
        }
        String text = text(m.get("content"), path + ".content");
        if (!text.isEmpty()) {
            parts.add(new ContentPart.Text(text));
        }
        ArrayNode calls = Fields.array(m.get("tool_calls"), path + ".tool_calls");
        String seed = Integer.toString(messages.size());
        for (int j = 0; j < calls.size(); j++) {
            String p = path + ".tool_calls[" + j + "]";
            ObjectNode call = Fields.object(calls.get(j), p);
            ObjectNode fn = Fields.optObject(call.get("function"), p + ".function");
            if (fn == null) {
                throw Fields.required(p + ".function");
            }
            drops.unread(call, CALL_READ, "messages[].tool_calls[].");
            drops.unread(fn, FUNCTION_READ, "messages[].tool_calls[].function.");
            String name = Fields.string(fn.get("name"), p + ".function.name");
            String args = ToolArguments.toText(fn.get("arguments"));
            String id = Fields.optString(call.get("id"), p + ".id");
            if (id == null || id.isEmpty()) {
                id = ToolCallIds.synthesize(seed, j, name, args);
            }
            callNames.put(id, name);
            parts.add(new ContentPart.ToolCall(id, name, args));
        }
        return new Message(Role.ASSISTANT, parts);
    }

    private void toolResult(ObjectNode m, String path) {
        String id = Fields.string(m.get("tool_call_id"), path + ".tool_call_id");
        JsonNode content = m.get("content");
        String text;
        boolean error = false;
        if (content == null || content.isNull() || content.isTextual()) {
            text = content == null || content.isNull() ? "" : content.asText();
        } else if (content.isArray()) {
            ArrayNode datas = Json.object().arrayNode();
            StringBuilder joined = new StringBuilder();
            boolean onlyText = true;
            for (int i = 0; i < content.size(); i++) {
                String p = path + ".content[" + i + "]";
                ObjectNode part = Fields.object(content.get(i), p);
                if ("document".equals(Fields.optString(part.get("type"), p + ".type"))) {
                    onlyText = false;
                    JsonNode data = part.path("document").path("data");
                    datas.add(data.isMissingNode() ? Json.object() : data);
                } else {
                    String t = Fields.optString(part.get("text"), p + ".text");
                    joined.append(t == null ? "" : t);
                    datas.add(Json.object().put("text", t == null ? "" : t));
                }
            }
            text = onlyText ? joined.toString() : CohereToolOutputs.unwrap(datas);
            error = !onlyText && CohereToolOutputs.isError(datas);
        } else {
            throw Fields.invalid(path + ".content", "must be a string or an array");
        }
        if (pendingResults == null) {
            pendingResults = new ArrayList<>();
        }
        pendingResults.add(new ContentPart.ToolResult(id, callNames.get(id), text, error));
    }

    private void flushResults() {
        if (pendingResults != null) {
            messages.add(new Message(Role.TOOL, pendingResults));
            pendingResults = null;
        }
    }

    private static String text(JsonNode content, String path) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw Fields.invalid(path, "must be a string or an array");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            ObjectNode part = Fields.object(content.get(i), path + "[" + i + "]");
            if ("text".equals(Fields.optString(part.get("type"), path + "[" + i + "].type"))) {
                sb.append(Fields.string(part.get("text"), path + "[" + i + "].text"));
            }
        }
        return sb.toString();
    }

    private static List<ToolDefinition> tools(ArrayNode tools, Drops drops) {
        List<ToolDefinition> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            String p = "tools[" + i + "]";
            ObjectNode t = Fields.object(tools.get(i), p);
            ObjectNode fn = Fields.optObject(t.get("function"), p + ".function");
            if (fn == null) {
                throw Fields.required(p + ".function");
            }
            drops.unread(t, TOOL_READ, "tools[].");
            drops.unread(fn, TOOL_FUNCTION_READ, "tools[].function.");
            String name = Fields.string(fn.get("name"), p + ".function.name");
            String description = Fields.optString(fn.get("description"), p + ".function.description");
            ObjectNode params = Fields.optObject(fn.get("parameters"), p + ".function.parameters");
            out.add(new ToolDefinition(name, description == null || description.isEmpty() ? null : description,
                    params));
        }
        return out;
    }

    private static ToolChoice toolChoice(String choice) {
        if (choice == null) {
            return null;
        }
        return switch (choice.toUpperCase(Locale.ROOT)) {
            case "REQUIRED" -> ToolChoice.REQUIRED;
            case "NONE" -> ToolChoice.NONE;
            case "AUTO" -> ToolChoice.AUTO;
            default -> throw Fields.invalid("tool_choice", "must be REQUIRED or NONE; got '"
                    + Echo.of(choice) + "'");
        };
    }
}
