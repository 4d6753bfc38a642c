package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.json.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decodes a Cohere Chat v1 client request: {@code preamble} and SYSTEM turns become the IR system prompt (preamble
 * first, then SYSTEM turns in order, joined with blank lines: mid-conversation system turns have no place of their
 * own in the IR), {@code chat_history} the earlier turns, top-level {@code tool_results} a TOOL turn and
 * {@code message} the final user turn. v1 has no call ids, so ids are synthesized (seed: the number of messages
 * decoded so far) and results are linked to calls by name and parameters.
 */
final class CohereV1RequestDecoder {

    private static final Set<String> HANDLED = Set.of("model", "message", "preamble", "chat_history", "tools",
            "tool_results", "temperature", "p", "k", "max_tokens", "stop_sequences", "seed", "presence_penalty",
            "frequency_penalty", "stream", "response_format");

    /** The fields read of the nested objects. */
    private static final Set<String> TURN_READ = Set.of("role", "message", "tool_calls", "tool_results");
    private static final Set<String> CALL_READ = Set.of("name", "parameters", "args");
    private static final Set<String> RESULT_READ = Set.of("call", "outputs");
    private static final Set<String> TOOL_READ = Set.of("name", "description", "parameter_definitions");
    private final List<Message> messages = new ArrayList<>();
    private final List<String> system = new ArrayList<>();
    private final List<PendingCall> calls = new ArrayList<>();

    private final Drops drops;

    private CohereV1RequestDecoder(Drops drops) {
        this.drops = drops;
    }

    /** Decodes one request body; what the intermediate form has no place for is reported to {@code drops}. */
    static ChatRequest decode(ObjectNode body, Drops drops) {
        return new CohereV1RequestDecoder(drops).run(body);
    }

    private ChatRequest run(ObjectNode body) {
        String message = Fields.string(body.get("message"), "message");
        String preamble = Fields.optString(body.get("preamble"), "preamble");
        if (preamble != null && !preamble.isEmpty()) {
            system.add(preamble);
        }
        ArrayNode history = Fields.array(body.get("chat_history"), "chat_history");
        for (int i = 0; i < history.size(); i++) {
            turn(Fields.object(history.get(i), "chat_history[" + i + "]"), "chat_history[" + i + "]");
        }
        ArrayNode results = Fields.array(body.get("tool_results"), "tool_results");
        if (!results.isEmpty()) {
            messages.add(new Message(Role.TOOL, toolResults(results, "tool_results")));
        }
        if (!message.isEmpty()) {
            messages.add(Message.text(Role.USER, message));
        }
        if (messages.isEmpty()) {
            throw Fields.invalid("message", "is empty and there is no chat_history or tool_results");
        }
        drops.unread(body, HANDLED, ""); // force_single_step, connectors, documents, citation_quality, ...
        ChatRequest.Builder b = ChatRequest.builder()
                .model(Fields.optString(body.get("model"), "model"))
                .system(system.isEmpty() ? null : String.join("\n\n", system))
                .messages(messages)
                .tools(tools(Fields.array(body.get("tools"), "tools"), drops));
        CohereSampling.decode(body, b);
        b.responseFormat(CohereResponseFormat.V1.decode(body, drops));
        return b.build();
    }

    private void turn(ObjectNode entry, String path) {
        String role = Fields.string(entry.get("role"), path + ".role").toUpperCase(Locale.ROOT);
        drops.unread(entry, TURN_READ, "chat_history[].");
        String text = Fields.optString(entry.get("message"), path + ".message");
        switch (role) {
            case "SYSTEM" -> {
                if (text != null && !text.isEmpty()) {
                    system.add(text);
                }
            }
            case "USER" -> messages.add(Message.text(Role.USER, text == null ? "" : text));
            case "CHATBOT" -> messages.add(chatbot(entry, text, path));
            case "TOOL" -> messages.add(new Message(Role.TOOL,
                    toolResults(Fields.array(entry.get("tool_results"), path + ".tool_results"),
                            path + ".tool_results")));
            default -> throw Fields.invalid(path + ".role", "must be one of USER, CHATBOT, SYSTEM, TOOL; got '"
                    + Echo.of(role) + "'");
        }
    }

    private Message chatbot(ObjectNode entry, String text, String path) {
        List<ContentPart> parts = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            parts.add(new ContentPart.Text(text));
        }
        ArrayNode toolCalls = Fields.array(entry.get("tool_calls"), path + ".tool_calls");
        String seed = Integer.toString(messages.size());
        for (int j = 0; j < toolCalls.size(); j++) {
            String p = path + ".tool_calls[" + j + "]";
            ObjectNode call = Fields.object(toolCalls.get(j), p);
            drops.unread(call, CALL_READ, "chat_history[].tool_calls[].");
            String name = Fields.string(call.get("name"), p + ".name");
            JsonNode params = parameters(call);
            String args = ToolArguments.toText(params);
            String id = ToolCallIds.synthesize(seed, j, name, args);
            calls.add(new PendingCall(id, name, params));
            parts.add(new ContentPart.ToolCall(id, name, args));
        }
        return new Message(Role.ASSISTANT, parts);
    }

    private List<ContentPart> toolResults(ArrayNode results, String path) {
        List<ContentPart> parts = new ArrayList<>();
        String seed = Integer.toString(messages.size());
        for (int i = 0; i < results.size(); i++) {
            String p = path + "[" + i + "]";
            ObjectNode result = Fields.object(results.get(i), p);
            ObjectNode call = Fields.optObject(result.get("call"), p + ".call");
            if (call == null) {
                throw Fields.required(p + ".call");
            }
            String normalized = path.replaceAll("\\[\\d+]", "[]") + "[].";
            drops.unread(result, RESULT_READ, normalized);
            drops.unread(call, CALL_READ, normalized + "call.");
            String name = Fields.string(call.get("name"), p + ".call.name");
            JsonNode params = parameters(call);
            JsonNode outputs = result.get("outputs");
            if (outputs != null && !outputs.isNull() && !outputs.isArray()) {
                throw Fields.invalid(p + ".outputs", "must be an array");
            }
            String id = link(name, params);
            if (id == null) {
                id = ToolCallIds.synthesize(seed, i, name, ToolArguments.toText(params));
            }
            parts.add(new ContentPart.ToolResult(id, name, CohereToolOutputs.unwrap(outputs),
                    CohereToolOutputs.isError(outputs)));
        }
        return parts;
    }

    /** The id of the earliest unanswered call with this name and parameters, else with this name; null if none. */
    private String link(String name, JsonNode params) {
        PendingCall byName = null;
        for (PendingCall c : calls) {
            if (c.answered || !c.name.equals(name)) {
                continue;
            }
            if (params != null && params.equals(c.params)) {
                c.answered = true;
                return c.id;
            }
            if (byName == null) {
                byName = c;
            }
        }
        if (byName != null) {
            byName.answered = true;
            return byName.id;
        }
        return null;
    }

    /** {@code parameters}, or {@code args} as LangChain writes it into chat_history (real fixture); may be null. */
    private static JsonNode parameters(ObjectNode call) {
        JsonNode params = call.get("parameters");
        if (params == null || params.isNull()) {
            params = call.get("args");
        }
        return params == null || params.isNull() ? null : params;
    }

    private static List<ToolDefinition> tools(ArrayNode tools, Drops drops) {
        List<ToolDefinition> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            String p = "tools[" + i + "]";
            ObjectNode t = Fields.object(tools.get(i), p);
            drops.unread(t, TOOL_READ, "tools[].");
            String name = Fields.string(t.get("name"), p + ".name");
            String description = Fields.optString(t.get("description"), p + ".description");
            JsonNode defs = t.get("parameter_definitions");
            if (defs != null && !defs.isNull() && !defs.isObject()) {
                throw Fields.invalid(p + ".parameter_definitions", "must be an object");
            }
            out.add(new ToolDefinition(name, description == null || description.isEmpty() ? null : description,
                    CohereV1ParameterDefinitions.toSchema(defs)));
        }
        return out;
    }

    /** A call seen in chat_history, waiting for its result. */
    private static final class PendingCall {
        final String id;
        final String name;
        final JsonNode params;
        boolean answered;

        PendingCall(String id, String name, JsonNode params) {
            this.id = id;
            this.name = name;
            this.params = params;
        }
    }
}
