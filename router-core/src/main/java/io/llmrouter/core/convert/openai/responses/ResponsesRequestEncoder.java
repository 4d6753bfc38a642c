package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.json.Json;
import java.util.List;

/**
 * Encodes an intermediate request as a Responses body for an upstream (docs/protocols.md#openai-responses): the
 * system prompt as {@code instructions}, each turn as input items (user and assistant messages, a
 * {@code function_call} per tool call, a {@code function_call_output} per result, a {@code reasoning} item for the
 * reasoning OpenAI itself encrypted), and {@code store: false}, because the router sends the whole conversation every
 * time and keeps nothing.
 *
 * <p>Responses has no stop sequences, seed, penalties or top-k: those are left out. The output limit is at least
 * {@value #MIN_OUTPUT_TOKENS}, OpenAI's minimum for {@code max_output_tokens}.
 */
final class ResponsesRequestEncoder {

    /** The smallest {@code max_output_tokens} OpenAI accepts. */
    static final int MIN_OUTPUT_TOKENS = 16;

    private ResponsesRequestEncoder() {
    }

    /** The body for {@code request}, asking for {@code model}; what Responses cannot carry goes to {@code drops}. */
    static ObjectNode encode(ChatRequest request, String model, Drops drops) {
        ObjectNode root = Json.object();
        root.put("model", model);
        if (request.system() != null && !request.system().isEmpty()) {
            root.put("instructions", request.system());
        }
        ArrayNode input = root.putArray("input");
        for (Message m : request.messages()) {
            switch (m.role()) {
                case USER, TOOL -> userSide(m.content(), input, drops);
                case ASSISTANT -> assistant(m.content(), input, drops);
            }
        }
        if (!request.tools().isEmpty()) {
            root.set("tools", ResponsesParameters.tools(request.tools()));
            if (request.toolChoice() != null) {
                root.set("tool_choice", ResponsesParameters.toolChoice(request.toolChoice()));
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
        if (request.maxTokens() != null) {
            root.put("max_output_tokens", Math.max(MIN_OUTPUT_TOKENS, request.maxTokens()));
        }
        if (request.responseFormat() != null) {
            root.set("text", ResponsesParameters.text(request.responseFormat()));
        }
        if (request.user() != null) {
            root.put("safety_identifier", request.user());
        }
        if (request.reasoning() != null) {
            reasoning(request.reasoning(), root);
        }
        if (!request.metadata().isEmpty()) {
            ObjectNode metadata = root.putObject("metadata");
            request.metadata().forEach(metadata::put);
        }
        // Responses has no such parameters.
        if (request.topK() != null) {
            drops.lost(IrField.TOP_K);
        }
        if (!request.stop().isEmpty()) {
            drops.lost(IrField.STOP);
        }
        if (request.seed() != null) {
            drops.lost(IrField.SEED);
        }
        if (request.presencePenalty() != null) {
            drops.lost(IrField.PRESENCE_PENALTY);
        }
        if (request.frequencyPenalty() != null) {
            drops.lost(IrField.FREQUENCY_PENALTY);
        }
        root.put("store", false);
        if (request.stream()) {
            root.put("stream", true);
        }
        return root;
    }

    /**
     * {@code reasoning: {effort, summary}}, the summary asked for unless the client declined to see the reasoning,
     * and the encrypted reasoning included: with {@code store: false} it is the only way to continue from it. OpenAI's
     * own API refuses both for models that do not reason ({@link ResponsesWire}).
     */
    private static void reasoning(ReasoningConfig config, ObjectNode root) {
        ObjectNode reasoning = root.putObject("reasoning");
        String effort = ResponsesReasoning.effort(config);
        if (effort != null) {
            reasoning.put("effort", effort);
        }
        if (config.off()) {
            return;
        }
        if (config.showThoughts()) {
            reasoning.put("summary", "auto");
        }
        root.putArray("include").add(ResponsesWire.ENCRYPTED_REASONING);
    }

    /** A user turn, or a tool turn: results become {@code function_call_output} items, the rest a user message. */
    private static void userSide(List<ContentPart> parts, ArrayNode input, Drops drops) {
        ArrayNode content = null;
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.ToolResult r) {
                if (r.isError()) {
                    drops.lost(IrField.TOOL_RESULT_ERROR); // a function_call_output has no error flag
                }
                input.addObject().put("type", "function_call_output").put("call_id", r.toolCallId())
                        .put("output", r.content() == null ? "" : r.content());
            } else if (p instanceof ContentPart.Text t) {
                content = content != null ? content : userMessage(input);
                content.addObject().put("type", "input_text").put("text", t.text());
            } else if (p instanceof ContentPart.Image img) {
                content = content != null ? content : userMessage(input);
                content.addObject().put("type", "input_image").put("image_url", img.asUrl()).put("detail", "auto");
            } else {
                drops.lost(IrField.MISPLACED_PART);
            }
        }
    }

    private static ArrayNode userMessage(ArrayNode input) {
        return input.addObject().put("type", "message").put("role", "user").putArray("content");
    }

    /** An assistant turn: text as an assistant message, each tool call a {@code function_call} item, in order. */
    private static void assistant(List<ContentPart> parts, ArrayNode input, Drops drops) {
        StringBuilder text = new StringBuilder();
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.Text t) {
                text.append(t.text());
            } else {
                flushText(text, input);
                if (p instanceof ContentPart.ToolCall c) {
                    input.addObject().put("type", "function_call").put("call_id", c.id()).put("name", c.name())
                            .put("arguments", c.arguments() == null ? "{}" : c.arguments());
                } else if (p instanceof ContentPart.Reasoning r) {
                    if (!ResponsesReasoning.addItem(r, input)) {
                        // OpenAI takes back only its own encrypted reasoning.
                        drops.lost(IrField.REASONING_HISTORY);
                    }
                } else {
                    drops.lost(IrField.MISPLACED_PART);
                }
            }
        }
        flushText(text, input);
    }

    private static void flushText(StringBuilder text, ArrayNode input) {
        if (!text.isEmpty()) {
            input.addObject().put("type", "message").put("role", "assistant").put("content", text.toString());
            text.setLength(0);
        }
    }
}
