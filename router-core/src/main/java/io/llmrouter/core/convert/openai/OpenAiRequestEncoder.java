package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes an intermediate request as an OpenAI Chat Completions body (also used for Azure OpenAI).
 *
 * <p>The output limit is written as {@code max_completion_tokens} for OpenAI itself, whose reasoning models (o-series,
 * gpt-5) refuse {@code max_tokens} with a 400, and as {@code max_tokens} everywhere else: many OpenAI-compatible
 * upstreams reached through this codec (Groq, DeepSeek, Zhipu, older Azure api-versions) only know that one.
 */
public final class OpenAiRequestEncoder {

    /** The schema name sent when the client's protocol has none (OpenAI allows [a-zA-Z0-9_-]{1,64}). */
    static final String DEFAULT_SCHEMA_NAME = "response";

    /**
     * The body for {@code request}, asking for {@code model}; {@code completionTokens} names the output limit
     * {@code max_completion_tokens} instead of {@code max_tokens}. What the body cannot carry goes to {@code drops}.
     */
    public ObjectNode encode(ChatRequest request, String model, boolean completionTokens, Drops drops) {
        ObjectNode root = Json.object();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        if (request.system() != null && !request.system().isEmpty()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        for (Message m : request.messages()) {
            switch (m.role()) {
                case USER -> user(m.content(), messages, drops);
                case ASSISTANT -> assistant(m.content(), messages, drops);
                case TOOL -> tool(m.content(), messages, drops);
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolDefinition t : request.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name());
                if (t.description() != null) {
                    fn.put("description", t.description());
                }
                if (t.parameters() != null) {
                    fn.set("parameters", t.parameters());
                }
            }
            // OpenAI rejects tool_choice and parallel_tool_calls when no tools are sent (400), hence inside.
            if (request.toolChoice() != null) {
                toolChoice(request.toolChoice(), root);
            }
            if (request.parallelToolCalls() != null) {
                root.put("parallel_tool_calls", request.parallelToolCalls());
            }
        }
        if (request.temperature() != null) {
            root.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            root.put("top_p", request.topP());
        }
        if (request.topK() != null) {
            drops.lost(IrField.TOP_K);
        }
        if (request.maxTokens() != null) {
            root.put(completionTokens ? "max_completion_tokens" : "max_tokens", request.maxTokens());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (request.seed() != null) {
            root.put("seed", request.seed());
        }
        if (request.presencePenalty() != null) {
            root.put("presence_penalty", request.presencePenalty());
        }
        if (request.frequencyPenalty() != null) {
            root.put("frequency_penalty", request.frequencyPenalty());
        }
        if (request.responseFormat() != null) {
            responseFormat(request.responseFormat(), root);
        }
        if (request.user() != null) {
            // user rather than safety_identifier: the OpenAI-compatible upstreams this codec also serves know user.
            root.put("user", request.user());
        }
        if (!request.metadata().isEmpty()) {
            ObjectNode metadata = root.putObject("metadata");
            for (Map.Entry<String, String> e : request.metadata().entrySet()) {
                metadata.put(e.getKey(), e.getValue());
            }
        }
        if (request.reasoning() != null) {
            String effort = OpenAiReasoning.encode(request.reasoning());
            if (effort != null) {
                root.put(OpenAiReasoning.EFFORT, effort);
            }
        }
        if (request.stream()) {
            root.put("stream", true);
            // Always ask: without it OpenAI streams no usage at all, and the router bills from it.
            root.putObject("stream_options").put("include_usage", true);
        }
        return root;
    }

    /** {@code json_object}, or {@code json_schema} with a name: OpenAI requires one, other protocols have none. */
    private static void responseFormat(ResponseFormat format, ObjectNode root) {
        ObjectNode rf = root.putObject("response_format");
        if (!format.hasSchema()) {
            rf.put("type", "json_object");
            return;
        }
        ObjectNode spec = rf.put("type", "json_schema").putObject("json_schema");
        spec.put("name", format.name() != null ? format.name() : DEFAULT_SCHEMA_NAME);
        if (format.description() != null) {
            spec.put("description", format.description());
        }
        spec.set("schema", format.schema());
        if (format.strict() != null) {
            spec.put("strict", format.strict());
        }
    }

    private static void user(List<ContentPart> parts, ArrayNode messages, Drops drops) {
        List<ContentPart> rest = new ArrayList<>();
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.ToolResult r) {
                // A misplaced result (decoders put them in TOOL turns) still has to reach the model as a tool message.
                toolMessage(r, messages, drops);
            } else if (p instanceof ContentPart.ToolCall || p instanceof ContentPart.Reasoning) {
                drops.lost(IrField.MISPLACED_PART);
            } else {
                rest.add(p);
            }
        }
        if (rest.isEmpty()) {
            return;
        }
        ObjectNode msg = messages.addObject().put("role", "user");
        if (rest.size() == 1 && rest.get(0) instanceof ContentPart.Text t) {
            msg.put("content", t.text());
            return;
        }
        ArrayNode content = msg.putArray("content");
        for (ContentPart p : rest) {
            if (p instanceof ContentPart.Text t) {
                content.addObject().put("type", "text").put("text", t.text());
            } else if (p instanceof ContentPart.Image img) {
                content.addObject().put("type", "image_url").putObject("image_url").put("url", img.asUrl());
            }
        }
    }

    private static void assistant(List<ContentPart> parts, ArrayNode messages, Drops drops) {
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        StringBuilder reasoning = new StringBuilder();
        boolean signatureLeft = false;
        ArrayNode calls = Json.object().arrayNode();
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.Text t) {
                text.append(t.text());
                hasText = true;
            } else if (p instanceof ContentPart.ToolCall c) {
                ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                call.putObject("function").put("name", c.name())
                        .put("arguments", c.arguments() == null ? "{}" : c.arguments());
            } else if (p instanceof ContentPart.Reasoning r) {
                // A signature (or redacted reasoning) is another provider's and has no place here.
                signatureLeft |= r.signature() != null;
                if (!r.text().isEmpty()) {
                    reasoning.append(reasoning.isEmpty() ? "" : "\n\n").append(r.text());
                }
            } else {
                // OpenAI assistant messages carry text and tool calls only.
                drops.lost(IrField.MISPLACED_PART);
            }
        }
        if (!hasText && calls.isEmpty()) {
            if (signatureLeft || !reasoning.isEmpty()) {
                drops.lost(IrField.REASONING_HISTORY);
            }
            return;
        }
        ObjectNode msg = messages.addObject().put("role", "assistant");
        if (hasText) {
            msg.put("content", text.toString());
        } else {
            msg.putNull("content");
        }
        if (!calls.isEmpty()) {
            msg.set("tool_calls", calls);
        }
        reasoningHistory(msg, reasoning, signatureLeft, drops);
    }

    /**
     * The reasoning of an earlier assistant turn. OpenAI-compatible thinking models (DeepSeek's thinking mode, GLM's
     * preserved thinking) want the reasoning of a tool-call turn back as {@code reasoning_content} within a tool loop
     * (DeepSeek answers 400 without it), so a tool-call turn carries its reasoning text there; hosts that refuse the
     * field take it out again ({@link OpenAiWire.Dialect}) and report it. Reasoning of a turn without tool calls is
     * ignored by those models, and a signature or redacted reasoning has no place at all: both are drops.
     */
    private static void reasoningHistory(ObjectNode msg, CharSequence reasoning, boolean signatureLeft,
                                         Drops drops) {
        boolean toolTurn = msg.has("tool_calls");
        if (toolTurn && !reasoning.isEmpty()) {
            msg.put(OpenAiReasoning.CONTENT, reasoning.toString());
        } else if (!reasoning.isEmpty()) {
            drops.lost(IrField.REASONING_HISTORY);
        }
        if (signatureLeft) {
            drops.lost(IrField.REASONING_HISTORY);
        }
    }

    private static void tool(List<ContentPart> parts, ArrayNode messages, Drops drops) {
        List<ContentPart> others = new ArrayList<>();
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.ToolResult r) {
                toolMessage(r, messages, drops);
            } else {
                others.add(p);
            }
        }
        if (!others.isEmpty()) {
            // Text or images that shared the turn with results follow them as a user message.
            user(others, messages, drops);
        }
    }

    private static void toolMessage(ContentPart.ToolResult r, ArrayNode messages, Drops drops) {
        if (r.isError()) {
            drops.lost(IrField.TOOL_RESULT_ERROR);
        }
        messages.addObject().put("role", "tool").put("tool_call_id", r.toolCallId())
                .put("content", r.content() == null ? "" : r.content());
    }

    private static void toolChoice(ToolChoice choice, ObjectNode root) {
        switch (choice.mode()) {
            case AUTO -> root.put("tool_choice", "auto");
            case NONE -> root.put("tool_choice", "none");
            case REQUIRED -> root.put("tool_choice", "required");
            case NAMED -> root.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", choice.name());
        }
    }
}
