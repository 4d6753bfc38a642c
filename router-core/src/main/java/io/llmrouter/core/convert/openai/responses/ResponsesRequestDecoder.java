package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.DataUrls;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a Responses request body ({@code POST /v1/responses}) into the intermediate form
 * (docs/protocols.md#openai-responses).
 *
 * <p>{@code input} is a string (one user turn) or a list of items. Items are flat where the IR has turns: consecutive
 * assistant-side items ({@code reasoning}, an assistant {@code message}, {@code function_call}) make one ASSISTANT
 * turn in their order, consecutive
 * {@code function_call_output} items one TOOL turn; {@code instructions} and system or developer messages are folded
 * into the system prompt. The router keeps no state: what needs a stored response or conversation
 * ({@code previous_response_id}, {@code conversation}, {@code item_reference}, {@code background}) is refused with a
 * 400 naming the field ({@link ResponsesErrors#stateless}), before routing, whatever the upstream.
 */
final class ResponsesRequestDecoder {

    /** The top-level fields read; {@code store} is read for its type (the router stores nothing either way). */
    private static final Set<String> FORMAT_READ = Set.of("type", "name", "schema", "description", "strict");
    private static final Set<String> READ = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "temperature", "top_p", "max_output_tokens", "text", "reasoning", "metadata",
            "safety_identifier", "user", "stream", "store", "include", "previous_response_id", "conversation",
            "background");
    /** The fields of input items read, with the bookkeeping ones that carry nothing to convert. */
    private static final Set<String> ITEM_READ = Set.of("type", "role", "content", "call_id", "name", "arguments",
            "output", "summary", "encrypted_content", "id", "status", "phase");
    private static final Set<String> KNOWN_ITEMS = Set.of("message", "function_call", "function_call_output",
            "reasoning");
    private static final Set<String> PART_READ = Set.of("type", "text", "refusal", "image_url", "annotations",
            "logprobs");
    private static final Set<String> IMAGE_READ = Set.of("type", "image_url", "detail");
    private static final Set<String> TOOL_READ_WITH_STRICT = Set.of("type", "name", "description", "parameters",
            "strict");
    private static final Set<String> REASONING_READ = Set.of("effort", "summary", "generate_summary");

    private ResponsesRequestDecoder() {
    }

    /**
     * Decodes; malformed input becomes {@link RouterException#invalidRequest(String)} naming the field, and what the
     * intermediate form has no place for is reported to {@code drops}.
     */
    static ChatRequest decode(ObjectNode body, Drops drops) {
        try {
            return read(body, drops);
        } catch (RouterException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defensive: the contract promises RouterException only, whatever the input.
            throw RouterException.invalidRequest("request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    private static ChatRequest read(ObjectNode root, Drops drops) {
        refuseState(root);
        ChatRequest.Builder b = ChatRequest.builder();
        b.model(Fields.string(root.get("model"), "model"));
        List<String> system = new ArrayList<>();
        String instructions = Fields.optString(root.get("instructions"), "instructions");
        if (instructions != null && !instructions.isEmpty()) {
            system.add(instructions);
        }
        b.messages(input(root.get("input"), system, drops));
        b.system(system.isEmpty() ? null : String.join("\n\n", system));
        b.tools(tools(root.get("tools"), drops));
        b.toolChoice(toolChoice(root.get("tool_choice")));
        b.parallelToolCalls(Fields.optBool(root.get("parallel_tool_calls"), "parallel_tool_calls"));
        b.temperature(Fields.optNumber(root.get("temperature"), "temperature"));
        b.topP(Fields.optNumber(root.get("top_p"), "top_p"));
        b.maxTokens(Fields.optInt(root.get("max_output_tokens"), "max_output_tokens"));
        b.responseFormat(text(Fields.optObject(root.get("text"), "text"), drops));
        b.reasoning(reasoning(Fields.optObject(root.get("reasoning"), "reasoning"), drops));
        b.metadata(metadata(Fields.optObject(root.get("metadata"), "metadata")));
        // safety_identifier replaces the deprecated user; both name the end user.
        String safetyId = Fields.optString(root.get("safety_identifier"), "safety_identifier");
        b.user(safetyId != null ? safetyId : Fields.optString(root.get("user"), "user"));
        boolean stream = Fields.bool(root.get("stream"), "stream", false);
        // A Responses stream always ends with its usage: there is nothing to ask for.
        b.stream(stream).includeUsage(stream);
        Fields.optBool(root.get("store"), "store"); // read for its type only: the router stores nothing
        for (String value : Fields.strings(root.get("include"), "include")) {
            // What OpenAI adds to its answer on request (encrypted reasoning, logprobs, search results).
            drops.field("include=" + value);
        }
        drops.unread(root, READ, "");
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
    private static List<Message> input(JsonNode node, List<String> system, Drops drops) {
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
            if (KNOWN_ITEMS.contains(type)) {
                drops.unread(item, ITEM_READ, "input[].");
            }
            switch (type) {
                case "message" -> message(item, path, turns, system, drops);
                case "function_call" -> turns.add(Role.ASSISTANT, functionCall(item, path, turns));
                case "function_call_output" -> turns.add(Role.TOOL, functionCallOutput(item, path, turns, drops));
                case "reasoning" -> turns.add(Role.ASSISTANT, ResponsesReasoning.part(item, path));
                case "item_reference" -> throw ResponsesErrors.stateless(path);
                // A built-in tool's call or output: its effect is in the later turns.
                default -> drops.field("input[]=" + type);
            }
        }
        return turns.messages;
    }

    private static void message(ObjectNode item, String path, Turns turns, List<String> system, Drops drops) {
        String role = Fields.string(item.get("role"), path + ".role");
        JsonNode content = item.get("content");
        switch (role) {
            case "user" -> turns.messages.add(new Message(Role.USER, userParts(content, path + ".content", drops)));
            case "system", "developer" -> system.add(text(content, path + ".content", drops));
            case "assistant" -> {
                String text = text(content, path + ".content", drops);
                if (!text.isEmpty()) {
                    turns.add(Role.ASSISTANT, new ContentPart.Text(text));
                }
            }
            default -> throw Fields.invalid(path + ".role", "has unknown value '" + Echo.of(role)
                    + "' (expected user, assistant, system or developer)");
        }
    }

    /** A user message's content: a string, or {@code input_text} and {@code input_image} parts. */
    private static List<ContentPart> userParts(JsonNode content, String path, Drops drops) {
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
                case "input_text", "text" -> {
                    drops.unread(part, PART_READ, "input[].content[].");
                    out.add(new ContentPart.Text(Fields.string(part.get("text"), p + ".text")));
                }
                case "input_image" -> image(part, p, out, drops);
                // Files, audio: nothing the intermediate form carries.
                default -> drops.field("input[].content[]=" + type);
            }
        }
        return out;
    }

    /** An image by URL or inline; one in OpenAI's file store ({@code file_id}) has no place elsewhere. */
    private static void image(ObjectNode part, String path, List<ContentPart> out, Drops drops) {
        String url = Fields.optString(part.get("image_url"), path + ".image_url");
        String detail = Fields.optString(part.get("detail"), path + ".detail");
        if (detail != null && !detail.equals("auto")) {
            drops.field("input[].content[].detail");
        }
        drops.unread(part, IMAGE_READ, "input[].content[].");
        if (url != null) {
            out.add(DataUrls.toImage(url));
        }
    }

    /**
     * The text of a system, developer or assistant message: a string, or its text parts ({@code input_text},
     * {@code output_text}; a {@code refusal} is what the user read, so it stays as text) joined.
     */
    private static String text(JsonNode content, String path, Drops drops) {
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
                default -> drops.field("input[].content[]=" + type);
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

    private static ContentPart.ToolResult functionCallOutput(ObjectNode item, String path, Turns turns,
                                                             Drops drops) {
        String callId = Fields.string(item.get("call_id"), path + ".call_id");
        JsonNode output = item.get("output");
        String text = output != null && output.isTextual() ? output.textValue()
                : text(output, path + ".output", drops);
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
    private static List<ToolDefinition> tools(JsonNode node, Drops drops) {
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
                continue; // a built-in tool: only a Responses upstream runs it (ResponsesBuiltIns)
            }
            if (Fields.bool(t.get("strict"), p + ".strict", false)) {
                drops.field("tools[].strict");
            }
            drops.unread(t, TOOL_READ_WITH_STRICT, "tools[].");
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
            // Forcing a built-in tool: only a Responses upstream takes it (ResponsesBuiltIns).
            default -> null;
        };
    }

    /**
     * {@code reasoning}: {@code effort} as the client wrote it (none to max), and a {@code summary} (or the older
     * {@code generate_summary}) asks to see the reasoning.
     */
    private static ReasoningConfig reasoning(ObjectNode reasoning, Drops drops) {
        if (reasoning == null) {
            return null;
        }
        String effort = Fields.optString(reasoning.get("effort"), "reasoning.effort");
        String summary = Fields.optString(reasoning.get("summary"), "reasoning.summary");
        if (summary == null) {
            summary = Fields.optString(reasoning.get("generate_summary"), "reasoning.generate_summary");
        }
        ReasoningConfig.Effort level = effort == null ? null : ResponsesReasoning.effort(effort);
        drops.unread(reasoning, REASONING_READ, "reasoning.");
        return level == null && summary == null ? null
                : new ReasoningConfig(level, null, summary == null ? null : Boolean.TRUE);
    }

    /** {@code metadata}: string keys to string values. */
    private static Map<String, String> metadata(ObjectNode metadata) {
        if (metadata == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
            out.put(e.getKey(), Fields.string(e.getValue(), "metadata." + e.getKey()));
        }
        return out;
    }

    /** {@code text.format}: {@code text} (or none) is free text, {@code json_object} and {@code json_schema} JSON. */
    private static ResponseFormat text(ObjectNode text, Drops drops) {
        if (text != null) {
            drops.unread(text, Set.of("format"), "text.");
        }
        ObjectNode format = text == null ? null : Fields.optObject(text.get("format"), "text.format");
        if (format == null) {
            return null;
        }
        String type = Fields.string(format.get("type"), "text.format.type");
        drops.unread(format, FORMAT_READ, "text.format.");
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
