package io.llmrouter.core.convert.openai.responses;

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
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Decodes a Responses request body ({@code POST /v1/responses}) into the intermediate form
 * (docs/protocols.md#openai-responses).
 *
 * <p>{@code input} is a string (one user turn) or a list of items. Items are flat where the IR has turns: consecutive
 * assistant-side items (an assistant {@code message}, {@code function_call}) make one ASSISTANT turn, consecutive
 * {@code function_call_output} items one TOOL turn; {@code instructions} and system or developer messages are folded
 * into the system prompt. The router keeps no state: what needs a stored response or conversation
 * ({@code previous_response_id}, {@code conversation}, {@code item_reference}, {@code background}) is refused with a
 * 400 naming the field ({@link ResponsesErrors#stateless}), before routing, whatever the upstream.
 */
final class ResponsesRequestDecoder {

    private static final Logger LOG = Logger.getLogger(ResponsesRequestDecoder.class);

    private ResponsesRequestDecoder() {
    }

    /** Decodes; malformed input becomes {@link RouterException#invalidRequest(String)} naming the field. */
    static ChatRequest decode(ObjectNode body) {
        try {
            return read(body);
        } catch (RouterException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defensive: the contract promises RouterException only, whatever the input.
            throw RouterException.invalidRequest("request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    private static ChatRequest read(ObjectNode root) {
        refuseState(root);
        ChatRequest.Builder b = ChatRequest.builder();
        b.model(Fields.string(root.get("model"), "model"));
        List<String> system = new ArrayList<>();
        String instructions = Fields.optString(root.get("instructions"), "instructions");
        if (instructions != null && !instructions.isEmpty()) {
            system.add(instructions);
        }
        b.messages(input(root.get("input"), system));
        b.system(system.isEmpty() ? null : String.join("\n\n", system));
        b.tools(tools(root.get("tools")));
        b.toolChoice(toolChoice(root.get("tool_choice")));
        b.parallelToolCalls(Fields.optBool(root.get("parallel_tool_calls"), "parallel_tool_calls"));
        b.temperature(Fields.optNumber(root.get("temperature"), "temperature"));
        b.topP(Fields.optNumber(root.get("top_p"), "top_p"));
        b.maxTokens(Fields.optInt(root.get("max_output_tokens"), "max_output_tokens"));
        b.responseFormat(text(Fields.optObject(root.get("text"), "text")));
        // safety_identifier replaces the deprecated user; both name the end user.
        String safetyId = Fields.optString(root.get("safety_identifier"), "safety_identifier");
        b.user(safetyId != null ? safetyId : Fields.optString(root.get("user"), "user"));
        boolean stream = Fields.bool(root.get("stream"), "stream", false);
        // A Responses stream always ends with its usage: there is nothing to ask for.
        b.stream(stream).includeUsage(stream);
        Fields.optBool(root.get("store"), "store"); // read for its type only: the router stores nothing
        return b.build();
    }

    /** The fields that need state the router does not keep. */
    private static void refuseState(ObjectNode root) {
        for (String field : new String[] {"previous_response_id", "conversation"}) {
            if (!Fields.absent(root.get(field))) {
                throw ResponsesErrors.stateless(field);
            }
        }
        if (Fields.bool(root.get("background"), "background", false)) {
            throw ResponsesErrors.stateless("background");
        }
    }

    // ---- input ------------------------------------------------------------------------------------------------

    /** The turns of {@code input}: a string is one user turn, a list its items in order. */
    private static List<Message> input(JsonNode node, List<String> system) {
        if (Fields.absent(node)) {
            throw Fields.required("input");
        }
        if (node.isTextual()) {
            return List.of(Message.text(Role.USER, node.textValue()));
        }
        if (!node.isArray()) {
            throw Fields.invalid("input", "must be a string or an array of items");
        }
        Turns turns = new Turns();
        for (int i = 0; i < node.size(); i++) {
            String path = "input[" + i + "]";
            ObjectNode item = Fields.object(node.get(i), path);
            String type = Fields.optString(item.get("type"), path + ".type");
            if (type == null) {
                // EasyInputMessage: {role, content} without a type.
                type = "message";
            }
            switch (type) {
                case "message" -> message(item, path, turns, system);
                case "function_call" -> turns.add(Role.ASSISTANT, functionCall(item, path, turns));
                case "function_call_output" -> turns.add(Role.TOOL, functionCallOutput(item, path, turns));
                case "item_reference" -> throw ResponsesErrors.stateless(path);
                default -> LOG.debugf("dropping %s of type %s: a built-in tool's item, run only at OpenAI", path,
                        Echo.of(type));
            }
        }
        return turns.messages;
    }

    private static void message(ObjectNode item, String path, Turns turns, List<String> system) {
        String role = Fields.string(item.get("role"), path + ".role");
        JsonNode content = item.get("content");
        switch (role) {
            case "user" -> turns.messages.add(new Message(Role.USER, userParts(content, path + ".content")));
            case "system", "developer" -> system.add(text(content, path + ".content"));
            case "assistant" -> {
                String text = text(content, path + ".content");
                if (!text.isEmpty()) {
                    turns.add(Role.ASSISTANT, new ContentPart.Text(text));
                }
            }
            default -> throw Fields.invalid(path + ".role", "has unknown value '" + Echo.of(role)
                    + "' (expected user, assistant, system or developer)");
        }
    }

    /** A user message's content: a string, or {@code input_text} and {@code input_image} parts. */
    private static List<ContentPart> userParts(JsonNode content, String path) {
        if (Fields.absent(content)) {
            throw Fields.required(path);
        }
        if (content.isTextual()) {
            return List.of(new ContentPart.Text(content.textValue()));
        }
        ArrayNode parts = Fields.optArray(content, path);
        List<ContentPart> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            String p = path + "[" + i + "]";
            ObjectNode part = Fields.object(parts.get(i), p);
            String type = Fields.string(part.get("type"), p + ".type");
            switch (type) {
                case "input_text", "text" -> out.add(new ContentPart.Text(Fields.string(part.get("text"),
                        p + ".text")));
                case "input_image" -> {
                    String url = Fields.optString(part.get("image_url"), p + ".image_url");
                    if (url != null) {
                        out.add(DataUrls.toImage(url));
                    } else {
                        LOG.debugf("dropping %s: an image by file_id is in OpenAI's file store only", p);
                    }
                }
                default -> LOG.debugf("dropping %s of type %s: the intermediate form has no such part", p,
                        Echo.of(type));
            }
        }
        return out;
    }

    /**
     * The text of a system, developer or assistant message: a string, or its text parts ({@code input_text},
     * {@code output_text}; a {@code refusal} is what the user read, so it stays as text) joined.
     */
    private static String text(JsonNode content, String path) {
        if (Fields.absent(content)) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        ArrayNode parts = Fields.optArray(content, path);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String p = path + "[" + i + "]";
            ObjectNode part = Fields.object(parts.get(i), p);
            String type = Fields.string(part.get("type"), p + ".type");
            switch (type) {
                case "input_text", "output_text", "text" -> sb.append(Fields.string(part.get("text"), p + ".text"));
                case "refusal" -> sb.append(Fields.string(part.get("refusal"), p + ".refusal"));
                default -> LOG.debugf("dropping %s of type %s: only text is kept here", p, Echo.of(type));
            }
        }
        return sb.toString();
    }

    private static ContentPart.ToolCall functionCall(ObjectNode item, String path, Turns turns) {
        String callId = Fields.string(item.get("call_id"), path + ".call_id");
        String name = Fields.string(item.get("name"), path + ".name");
        JsonNode args = item.get("arguments");
        String arguments = Fields.absent(args) ? "{}" : args.isTextual() ? args.textValue() : Json.text(args);
        turns.callNames.put(callId, name);
        return new ContentPart.ToolCall(callId, name, arguments);
    }

    private static ContentPart.ToolResult functionCallOutput(ObjectNode item, String path, Turns turns) {
        String callId = Fields.string(item.get("call_id"), path + ".call_id");
        JsonNode output = item.get("output");
        String text = output != null && output.isTextual() ? output.textValue() : text(output, path + ".output");
        return new ContentPart.ToolResult(callId, turns.callNames.get(callId), text, false);
    }

    /** The turns being built: items of one side in a row join one turn. */
    private static final class Turns {

        final List<Message> messages = new ArrayList<>();
        final Map<String, String> callNames = new HashMap<>();

        void add(Role role, ContentPart part) {
            int last = messages.size() - 1;
            if (last >= 0 && messages.get(last).role() == role) {
                List<ContentPart> parts = new ArrayList<>(messages.get(last).content());
                parts.add(part);
                messages.set(last, new Message(role, parts));
            } else {
                messages.add(new Message(role, List.of(part)));
            }
        }
    }

    // ---- parameters -------------------------------------------------------------------------------------------

    /** Function tools (flat: name, description, parameters beside the type). */
    private static List<ToolDefinition> tools(JsonNode node) {
        ArrayNode tools = Fields.optArray(node, "tools");
        if (tools == null) {
            return List.of();
        }
        List<ToolDefinition> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String p = "tools[" + i + "]";
            ObjectNode t = Fields.object(tools.get(i), p);
            String type = Fields.string(t.get("type"), p + ".type");
            if (!"function".equals(type)) {
                LOG.debugf("dropping %s of type %s: a built-in tool, run only at OpenAI", p, Echo.of(type));
                continue;
            }
            out.add(new ToolDefinition(Fields.string(t.get("name"), p + ".name"),
                    Fields.optString(t.get("description"), p + ".description"),
                    Fields.optObject(t.get("parameters"), p + ".parameters")));
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode node) {
        if (Fields.absent(node)) {
            return null;
        }
        if (node.isTextual()) {
            return switch (node.textValue()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw Fields.invalid("tool_choice", "must be none, auto, required or an object");
            };
        }
        ObjectNode choice = Fields.object(node, "tool_choice");
        String type = Fields.string(choice.get("type"), "tool_choice.type");
        return switch (type) {
            case "function" -> ToolChoice.named(Fields.string(choice.get("name"), "tool_choice.name"));
            // The IR has no allow-list: its mode is the closest faithful reading.
            case "allowed_tools" -> "required".equals(Fields.optString(choice.get("mode"), "tool_choice.mode"))
                    ? ToolChoice.REQUIRED : ToolChoice.AUTO;
            default -> {
                LOG.debugf("dropping tool_choice of type %s: a built-in tool, run only at OpenAI", Echo.of(type));
                yield null;
            }
        };
    }

    /** {@code text.format}: {@code text} (or none) is free text, {@code json_object} and {@code json_schema} JSON. */
    private static ResponseFormat text(ObjectNode text) {
        ObjectNode format = text == null ? null : Fields.optObject(text.get("format"), "text.format");
        if (format == null) {
            return null;
        }
        String type = Fields.string(format.get("type"), "text.format.type");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> ResponseFormat.jsonObject();
            case "json_schema" -> new ResponseFormat(Fields.optObject(format.get("schema"), "text.format.schema"),
                    Fields.string(format.get("name"), "text.format.name"),
                    Fields.optString(format.get("description"), "text.format.description"),
                    Fields.optBool(format.get("strict"), "text.format.strict"));
            default -> throw Fields.invalid("text.format.type", "has unknown value '" + Echo.of(type)
                    + "' (expected text, json_object or json_schema)");
        };
    }
}
