package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.convert.ReasoningBudgets;
import io.llmrouter.core.json.Fields;
import java.util.Locale;

/**
 * Reasoning in Responses' terms (docs/protocols.md#openai-responses): {@code reasoning.effort} on the request, and
 * {@code reasoning} items, whose {@code encrypted_content} is the opaque token a stateless caller replays so that the
 * model continues from its own reasoning. That token is OpenAI's: it goes back only to a Responses upstream, and a
 * Responses client gets only tokens a Responses upstream minted.
 */
final class ResponsesReasoning {

    private ResponsesReasoning() {
    }

    /** A {@code reasoning.effort} value ({@code none minimal low medium high xhigh max}). */
    static ReasoningConfig.Effort effort(String value) {
        return switch (value) {
            case "none" -> ReasoningConfig.Effort.NONE;
            case "minimal" -> ReasoningConfig.Effort.MINIMAL;
            case "low" -> ReasoningConfig.Effort.LOW;
            case "medium" -> ReasoningConfig.Effort.MEDIUM;
            case "high" -> ReasoningConfig.Effort.HIGH;
            case "xhigh" -> ReasoningConfig.Effort.XHIGH;
            case "max" -> ReasoningConfig.Effort.MAX;
            default -> throw Fields.invalid("reasoning.effort", "has unknown value '" + Echo.of(value)
                    + "' (expected none, minimal, low, medium, high, xhigh or max)");
        };
    }

    /**
     * The effort to send for what the client asked, or null to leave it to the model. An effort the client named
     * goes as named; one derived from a budget (an Anthropic or Gemini client's, through {@link ReasoningBudgets}) is
     * kept within low..high, what every OpenAI reasoning model takes.
     */
    static String effort(ReasoningConfig config) {
        if (config.effort() == null && config.budgetTokens() == null) {
            return null;
        }
        ReasoningConfig.Effort effort = ReasoningBudgets.effort(config);
        if (effort == ReasoningConfig.Effort.AUTO) {
            return null;
        }
        if (config.effort() == null && !config.off()) {
            effort = effort.compareTo(ReasoningConfig.Effort.LOW) < 0 ? ReasoningConfig.Effort.LOW
                    : effort.compareTo(ReasoningConfig.Effort.HIGH) > 0 ? ReasoningConfig.Effort.HIGH : effort;
        }
        return effort.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A {@code reasoning} input or output item as a reasoning part: its summary texts (or, failing them, its
     * {@code reasoning_text} content) joined by blank lines, its {@code encrypted_content} as a signature of
     * {@link Protocol#OPENAI_RESPONSES}, and its id.
     */
    static ContentPart.Reasoning part(JsonNode item, String path) {
        String text = texts(item.get("summary"), "summary_text");
        if (text.isEmpty()) {
            text = texts(item.get("content"), "reasoning_text");
        }
        String encrypted = Fields.optString(item.get("encrypted_content"), path + ".encrypted_content");
        return new ContentPart.Reasoning(text, encrypted, false, encrypted == null ? null : Protocol.OPENAI_RESPONSES,
                Fields.optString(item.get("id"), path + ".id"));
    }

    private static String texts(JsonNode parts, String type) {
        if (parts == null || !parts.isArray()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : parts) {
            if (type.equals(Fields.text(part.get("type"), null))) {
                if (!sb.isEmpty()) {
                    sb.append("\n\n");
                }
                sb.append(Fields.text(part.get("text"), ""));
            }
        }
        return sb.toString();
    }

    /**
     * Adds a reasoning part to an upstream's {@code input} when a Responses upstream can take it: it minted the
     * token and the item has its id (OpenAI answers 400 for a reasoning item it cannot find otherwise). True when
     * added.
     */
    static boolean addItem(ContentPart.Reasoning r, ArrayNode input) {
        if (!r.signedBy(Protocol.OPENAI_RESPONSES) || r.id() == null) {
            return false;
        }
        ObjectNode item = input.addObject().put("type", "reasoning").put("id", r.id());
        ArrayNode summary = item.putArray("summary");
        if (!r.text().isEmpty()) {
            summary.addObject().put("type", "summary_text").put("text", r.text());
        }
        item.put("encrypted_content", r.signature());
        return true;
    }
}
