package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Encodes an intermediate request as a Responses body for an upstream (docs/protocols.md#openai-responses): the
 * system prompt as {@code instructions}, each turn as input items (user and assistant messages, a
 * {@code function_call} per tool call, a {@code function_call_output} per result), and {@code store: false}, because
 * the router sends the whole conversation every time and keeps nothing.
 *
 * <p>Responses has no stop sequences, seed, penalties or top-k: those are left out. The output limit is at least
 * {@value #MIN_OUTPUT_TOKENS}, OpenAI's minimum for {@code max_output_tokens}.
 */
final class ResponsesRequestEncoder {

    private static final Logger LOG = Logger.getLogger(ResponsesRequestEncoder.class);
    /** The smallest {@code max_output_tokens} OpenAI accepts. */
    static final int MIN_OUTPUT_TOKENS = 16;

    private ResponsesRequestEncoder() {
    }

    static ObjectNode encode(ChatRequest request, String model) {
        ObjectNode root = Json.object();
        root.put("model", model);
        if (request.system() != null && !request.system().isEmpty()) {
            root.put("instructions", request.system());
        }
        ArrayNode input = root.putArray("input");
        for (Message m : request.messages()) {
            switch (m.role()) {
                case USER, TOOL -> userSide(m.content(), input);
                case ASSISTANT -> assistant(m.content(), input);
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
        List<String> lost = new ArrayList<>(0);
        if (request.topK() != null) {
            lost.add("top_k");
        }
        if (!request.stop().isEmpty()) {
            lost.add("stop");
        }
        if (request.seed() != null) {
            lost.add("seed");
        }
        if (request.presencePenalty() != null) {
            lost.add("presence_penalty");
        }
        if (request.frequencyPenalty() != null) {
            lost.add("frequency_penalty");
        }
        if (!lost.isEmpty()) {
            LOG.debugf("dropping %s: OpenAI Responses has no such parameters", lost);
        }
        root.put("store", false);
        if (request.stream()) {
            root.put("stream", true);
        }
        return root;
    }

    /** A user turn, or a tool turn: results become {@code function_call_output} items, the rest a user message. */
    private static void userSide(List<ContentPart> parts, ArrayNode input) {
        ArrayNode content = null;
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.ToolResult r) {
                if (r.isError()) {
                    LOG.debug("tool result error flag dropped: a function_call_output has none");
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
                LOG.debugf("dropping %s in a user turn", p.getClass().getSimpleName());
            }
        }
    }

    private static ArrayNode userMessage(ArrayNode input) {
        return input.addObject().put("type", "message").put("role", "user").putArray("content");
    }

    /** An assistant turn: text as an assistant message, each tool call a {@code function_call} item, in order. */
    private static void assistant(List<ContentPart> parts, ArrayNode input) {
        StringBuilder text = new StringBuilder();
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.Text t) {
                text.append(t.text());
            } else {
                flushText(text, input);
                if (p instanceof ContentPart.ToolCall c) {
                    input.addObject().put("type", "function_call").put("call_id", c.id()).put("name", c.name())
                            .put("arguments", c.arguments() == null ? "{}" : c.arguments());
                } else {
                    LOG.debugf("dropping %s in an assistant turn", p.getClass().getSimpleName());
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
