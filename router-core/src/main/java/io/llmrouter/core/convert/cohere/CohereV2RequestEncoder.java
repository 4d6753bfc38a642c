package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.json.Json;
import java.util.List;

/**
 * Encodes an IR request as a Cohere Chat v2 body. Assistant text next to tool calls goes to {@code tool_plan}
 * (where Cohere puts it in its own answers). v2 has no named tool choice: NAMED becomes {@code "REQUIRED"} with
 * {@code tools} narrowed to the named tool, the closest equivalent.
 */
final class CohereV2RequestEncoder {

    private CohereV2RequestEncoder() {
    }

    /** The request body for {@code model}. */
    static ObjectNode encode(ChatRequest r, String model, Drops drops) {
        ObjectNode body = Json.object();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        if (r.system() != null && !r.system().isEmpty()) {
            messages.addObject().put("role", "system").put("content", r.system());
        }
        for (Message m : r.messages()) {
            switch (m.role()) {
                case USER -> user(m, messages.addObject());
                case ASSISTANT -> assistant(m, messages.addObject());
                case TOOL -> toolResults(m, messages);
            }
        }
        List<ToolDefinition> tools = r.tools();
        ToolChoice choice = r.toolChoice();
        if (choice != null && choice.mode() == ToolChoice.Mode.NAMED) {
            List<ToolDefinition> named = tools.stream().filter(t -> t.name().equals(choice.name())).toList();
            if (!named.isEmpty()) {
                tools = named;
            }
            body.put("tool_choice", "REQUIRED");
        } else if (choice != null && choice.mode() != ToolChoice.Mode.AUTO) {
            body.put("tool_choice", choice.mode().name()); // REQUIRED or NONE, spelled as v2 wants
        }
        if (!tools.isEmpty()) {
            ArrayNode arr = body.putArray("tools");
            for (ToolDefinition t : tools) {
                ObjectNode fn = arr.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name());
                if (t.description() != null) {
                    fn.put("description", t.description());
                }
                fn.set("parameters", t.parameters() != null ? t.parameters()
                        : Json.object().put("type", "object").set("properties", Json.object()));
            }
        }
        if (r.parallelToolCalls() != null) {
            drops.lost(IrField.PARALLEL_TOOL_CALLS);
        }
        CohereSampling.lost(r, drops);
        if (r.reasoning() != null) {
            CohereThinking.encode(r.reasoning(), body);
        }
        CohereSampling.encode(r, body);
        CohereResponseFormat.V2.encode(r.responseFormat(), body);
        return body;
    }

    private static void user(Message m, ObjectNode out) {
        out.put("role", "user");
        boolean images = m.content().stream().anyMatch(ContentPart.Image.class::isInstance);
        if (!images) {
            out.put("content", m.joinedText());
            return;
        }
        ArrayNode parts = out.putArray("content");
        for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.Text t) {
                parts.addObject().put("type", "text").put("text", t.text());
            } else if (p instanceof ContentPart.Image img) {
                parts.addObject().put("type", "image_url").putObject("image_url").put("url", img.asUrl());
            }
        }
    }

    private static void assistant(Message m, ObjectNode out) {
        out.put("role", "assistant");
        List<ContentPart.ToolCall> calls = m.content().stream().filter(ContentPart.ToolCall.class::isInstance)
                .map(ContentPart.ToolCall.class::cast).toList();
        String text = m.joinedText();
        StringBuilder thinking = new StringBuilder();
        for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.Reasoning r) {
                thinking.append(r.text());
            }
        }
        if (thinking.length() > 0) {
            // The turn's reasoning, whoever reasoned: Cohere checks no signature.
            ArrayNode content = out.putArray("content");
            content.addObject().put("type", CohereThinking.FIELD).put(CohereThinking.FIELD, thinking.toString());
            if (calls.isEmpty()) {
                content.addObject().put("type", "text").put("text", text);
                return;
            }
        } else if (calls.isEmpty()) {
            out.put("content", text);
            return;
        }
        if (!text.isEmpty()) {
            out.put("tool_plan", text);
        }
        ArrayNode arr = out.putArray("tool_calls");
        for (ContentPart.ToolCall c : calls) {
            ObjectNode call = arr.addObject();
            call.put("id", c.id());
            call.put("type", "function");
            call.putObject("function").put("name", c.name())
                    .put("arguments", c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments());
        }
    }

    /** One {@code tool} message per result; a failed result is sent as an {@code {"error": ...}} document. */
    private static void toolResults(Message m, ArrayNode messages) {
        for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.ToolResult r) {
                ObjectNode out = messages.addObject().put("role", "tool").put("tool_call_id", r.toolCallId());
                String content = r.content() == null ? "" : r.content();
                if (r.isError()) {
                    out.putArray("content").addObject().put("type", "document").putObject("document")
                            .putObject("data").put("error", content);
                } else {
                    out.put("content", content);
                }
            }
        }
    }
}
