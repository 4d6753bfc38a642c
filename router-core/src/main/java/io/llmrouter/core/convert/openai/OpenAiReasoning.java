package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.ReasoningConfig.Effort;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.convert.ReasoningBudgets;
import io.llmrouter.core.json.Fields;
import java.util.Locale;

/**
 * Reasoning in OpenAI Chat Completions: the request's {@code reasoning_effort}, and the reasoning text that
 * OpenAI-compatible reasoning models (DeepSeek, Qwen, vLLM, OpenRouter) put in {@code reasoning_content} (or
 * {@code reasoning}) beside a message's content. OpenAI's own models show no reasoning text in this API.
 */
final class OpenAiReasoning {

    /** The request field. */
    static final String EFFORT = "reasoning_effort";
    /** The answer field of compatible reasoning models, and what the router writes for Chat clients. */
    static final String CONTENT = "reasoning_content";

    private OpenAiReasoning() {
    }

    /** {@code reasoning_effort}, or null when absent. */
    static ReasoningConfig decode(JsonNode value) {
        String name = Fields.optString(value, EFFORT);
        if (name == null) {
            return null;
        }
        return ReasoningConfig.of(switch (name) {
            case "none" -> Effort.NONE;
            case "minimal" -> Effort.MINIMAL;
            case "low" -> Effort.LOW;
            case "medium" -> Effort.MEDIUM;
            case "high" -> Effort.HIGH;
            case "xhigh" -> Effort.XHIGH;
            default -> throw Fields.invalid(EFFORT, "has unknown value '" + Echo.of(name)
                    + "' (expected none, minimal, low, medium, high or xhigh)");
        });
    }

    /**
     * The {@code reasoning_effort} to send, or null for the model's default. An effort derived from a budget is kept
     * within low..high, what every OpenAI reasoning model takes; an effort the client named goes as named.
     */
    static String encode(ReasoningConfig config) {
        Effort effort = ReasoningBudgets.effort(config);
        if (effort == Effort.AUTO) {
            return null;
        }
        if (config.effort() == null && !config.off()) {
            effort = effort.compareTo(Effort.LOW) < 0 ? Effort.LOW : effort.compareTo(Effort.HIGH) > 0 ? Effort.HIGH
                    : effort;
        }
        return effort == Effort.MAX ? "xhigh" : effort.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Takes the reasoning of earlier turns out of {@code body}'s messages, for hosts that refuse the field; true when
     * there was any.
     */
    static boolean removeHistory(ObjectNode body) {
        boolean removed = false;
        for (JsonNode message : body.path("messages")) {
            if (message instanceof ObjectNode m && m.remove(CONTENT) != null) {
                removed = true;
            }
        }
        return removed;
    }

    /** A message's or delta's reasoning text: {@code reasoning_content}, else {@code reasoning}; null for none. */
    static String text(JsonNode message) {
        JsonNode v = message.get(CONTENT);
        if (v == null || !v.isTextual()) {
            v = message.get("reasoning");
        }
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }
}
