package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Encodes an IR request as a Cohere Chat v1 body: the last user turn goes to {@code message}, earlier turns to
 * {@code chat_history}; when the conversation ends with tool results they go to top-level {@code tool_results}
 * with {@code message: ""} (as LangChain sends it, real fixture). v1 links results by the whole call
 * ({@code {name, parameters}}), looked up from the IR conversation by tool-call id.
 */
final class CohereV1RequestEncoder {

    private static final Logger LOG = Logger.getLogger(CohereV1RequestEncoder.class);

    private CohereV1RequestEncoder() {
    }

    /** The request body for {@code model}. */
    static ObjectNode encode(ChatRequest r, String model, Drops drops) {
        ObjectNode body = Json.object();
        if (model != null) {
            body.put("model", model);
        }
        if (r.system() != null && !r.system().isEmpty()) {
            body.put("preamble", r.system());
        }
        Map<String, ContentPart.ToolCall> callsById = new HashMap<>();
        for (Message m : r.messages()) {
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.ToolCall c) {
                    callsById.put(c.id(), c);
                }
            }
        }
        List<Message> messages = r.messages();
        int historyEnd = messages.size();
        String message = "";
        ArrayNode toolResults = null;
        if (!messages.isEmpty()) {
            Message last = messages.get(messages.size() - 1);
            if (last.role() == Role.USER) {
                message = userText(last);
                historyEnd--;
            } else if (last.role() == Role.TOOL) {
                toolResults = toolResults(last, callsById);
                historyEnd--;
            } else {
                LOG.debug("conversation ends with an assistant turn; Cohere v1 has no prefill, sending message \"\"");
            }
        }
        body.put("message", message);
        ArrayNode history = body.putArray("chat_history");
        for (Message m : messages.subList(0, historyEnd)) {
            history.add(turn(m, callsById));
        }
        if (toolResults != null) {
            body.set("tool_results", toolResults);
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition t : r.tools()) {
                ObjectNode tool = tools.addObject();
                tool.put("name", t.name());
                tool.put("description", t.description() == null ? "" : t.description());
                tool.set("parameter_definitions", CohereV1ParameterDefinitions.fromSchema(t.parameters(),
                        drops));
            }
        }
        if (r.toolChoice() != null) {
            drops.lost(IrField.TOOL_CHOICE);
        }
        if (r.parallelToolCalls() != null) {
            drops.lost(IrField.PARALLEL_TOOL_CALLS);
        }
        CohereSampling.lost(r, drops);
        CohereSampling.reasoningHistoryLost(r, drops);
        if (r.reasoning() != null) {
            drops.lost(IrField.REASONING);
        }
        CohereSampling.encode(r, body);
        CohereResponseFormat.V1.encode(r.responseFormat(), body);
        return body;
    }

    private static ObjectNode turn(Message m, Map<String, ContentPart.ToolCall> callsById) {
        ObjectNode turn = Json.object();
        switch (m.role()) {
            case USER -> {
                turn.put("role", "USER");
                turn.put("message", userText(m));
            }
            case ASSISTANT -> {
                turn.put("role", "CHATBOT");
                turn.put("message", m.joinedText());
                ArrayNode calls = null;
                for (ContentPart p : m.content()) {
                    if (p instanceof ContentPart.ToolCall c) {
                        if (calls == null) {
                            calls = turn.putArray("tool_calls");
                        }
                        calls.addObject().put("name", c.name())
                                .set("parameters", ToolArguments.toObject(c.arguments()));
                    }
                }
            }
            case TOOL -> {
                turn.put("role", "TOOL");
                turn.set("tool_results", toolResults(m, callsById));
            }
        }
        return turn;
    }

    private static String userText(Message m) {
        for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.Image) {
                throw RouterException.invalidRequest("Cohere Chat v1 does not accept images");
            }
        }
        return m.joinedText();
    }

    private static ArrayNode toolResults(Message m, Map<String, ContentPart.ToolCall> callsById) {
        ArrayNode out = Json.object().arrayNode();
        for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.ToolResult r) {
                ContentPart.ToolCall call = callsById.get(r.toolCallId());
                String name = call != null ? call.name() : r.name();
                ObjectNode result = out.addObject();
                ObjectNode c = result.putObject("call");
                c.put("name", name == null ? "" : name);
                c.set("parameters", call != null ? ToolArguments.toObject(call.arguments()) : Json.object());
                result.set("outputs", CohereToolOutputs.wrap(r.content(), r.isError()));
            }
        }
        return out;
    }
}
