package io.llmrouter.service.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.core.usage.TokenEstimator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decides what the simulated model answers: a tool call when tools are offered and the conversation does not end
 * with tool results (arguments built from the tool's schema), otherwise a text that echoes the last user message —
 * as JSON when the request asks for it (an object satisfying the schema, when it gives one), after a short reasoning
 * when the request turns reasoning on. Deterministic, so tests can assert on it.
 */
final class SimulatedAnswer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SimulatedAnswer() {
    }

    static ChatResponse answer(ChatRequest request, String protocol, TokenEstimator estimator) {
        List<Message> messages = request.messages();
        Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        boolean answeringTools = last != null && last.role() == Role.TOOL;
        String id = "sim-" + Integer.toHexString(request.hashCode());
        if (!request.tools().isEmpty() && !answeringTools
                && (request.toolChoice() == null || request.toolChoice().mode() != io.llmrouter.api.chat.ToolChoice.Mode.NONE)) {
            ToolDefinition tool = request.tools().get(0);
            if (request.toolChoice() != null && request.toolChoice().name() != null) {
                tool = request.tools().stream().filter(t -> t.name().equals(request.toolChoice().name())).findFirst()
                        .orElse(tool);
            }
            String args = sampleArguments(tool.parameters()).toString();
            ContentPart.ToolCall call = new ContentPart.ToolCall("call_sim_" + tool.name(), tool.name(), args);
            int in = estimator.estimateRequest(request);
            return new ChatResponse(id, request.model(), List.of(call), FinishReason.TOOL_CALLS,
                    new TokenCounts(in, estimator.estimate(args) + 5));
        }
        String prompt = last == null ? "" : last.role() == Role.TOOL ? toolResults(last) : last.joinedText();
        String text = "Hello from the simulated " + protocol + " upstream. You said: " + shorten(prompt);
        if (request.maxTokens() != null && request.maxTokens() < 8) {
            return new ChatResponse(id, request.model(), List.of(new ContentPart.Text("Hello")), FinishReason.LENGTH,
                    new TokenCounts(estimator.estimateRequest(request), 1));
        }
        if (request.responseFormat() != null) {
            text = json(request.responseFormat(), text);
        }
        List<ContentPart> content = new ArrayList<>();
        int reasoningTokens = 0;
        if (request.reasoning() != null && !request.reasoning().off()) {
            String thought = "The user said: " + shorten(prompt) + ". I answer in one sentence.";
            content.add(ContentPart.Reasoning.text(thought));
            reasoningTokens = estimator.estimate(thought);
        }
        content.add(new ContentPart.Text(text));
        return new ChatResponse(id, request.model(), content, FinishReason.STOP,
                new TokenCounts(estimator.estimateRequest(request), estimator.estimate(text) + reasoningTokens, 0,
                        reasoningTokens));
    }

    /**
     * The answer as the JSON the request asks for: an object satisfying the schema's required properties, or, for
     * any JSON object, the text in {@code answer}.
     */
    private static String json(ResponseFormat format, String text) {
        if (format.schema() != null) {
            return sampleArguments(format.schema()).toString();
        }
        return NODES.objectNode().put("answer", text).toString();
    }

    private static String toolResults(Message m) {
        StringBuilder sb = new StringBuilder("tool results ");
        for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.ToolResult r) {
                sb.append(r.content()).append(' ');
            }
        }
        return sb.toString().trim();
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** Arguments satisfying the schema's required properties (and all properties when none are required). */
    static ObjectNode sampleArguments(ObjectNode schema) {
        ObjectNode args = NODES.objectNode();
        if (schema == null || !(schema.get("properties") instanceof ObjectNode props)) {
            return args;
        }
        JsonNode required = schema.get("required");
        Iterator<Map.Entry<String, JsonNode>> it = props.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean wanted = required == null || !required.isArray() || contains(required, e.getKey());
            if (wanted) {
                args.set(e.getKey(), sample(e.getKey(), e.getValue()));
            }
        }
        return args;
    }

    private static boolean contains(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (name.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode sample(String name, JsonNode schema) {
        if (schema.has("enum") && schema.get("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asText("string").toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> NODES.arrayNode();
            case "object" -> schema instanceof ObjectNode o ? sampleArguments(o) : NODES.objectNode();
            default -> NODES.textNode(name.toLowerCase(java.util.Locale.ROOT).contains("location")
                    || name.toLowerCase(java.util.Locale.ROOT).contains("city") ? "Paris" : "sample " + name);
        };
    }
}
