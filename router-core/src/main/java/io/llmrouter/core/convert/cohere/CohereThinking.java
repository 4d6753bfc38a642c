package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.ReasoningConfig.Effort;
import io.llmrouter.core.convert.ReasoningBudgets;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.json.Fields;
import java.util.Set;

/**
 * Cohere Chat v2's reasoning: the request's {@code thinking: {type: "enabled" | "disabled", token_budget}} and the
 * {@code {type: "thinking", thinking}} content of an assistant message. Cohere returns no signature: the thinking
 * text of any provider can go back to it (a replay with an OpenAI summary was accepted, cohere-extra).
 */
final class CohereThinking {

    static final String FIELD = "thinking";
    /** The request fields of {@code thinking}. */
    private static final Set<String> READ = Set.of("type", "token_budget");

    private CohereThinking() {
    }

    /** {@code thinking}, or null when absent. */
    static ReasoningConfig decode(JsonNode value, Drops drops) {
        ObjectNode thinking = Fields.optObject(value, FIELD);
        if (thinking == null) {
            return null;
        }
        drops.unread(thinking, READ, FIELD + ".");
        String type = Fields.string(thinking.get("type"), "thinking.type");
        Integer budget = Fields.optInt(thinking.get("token_budget"), "thinking.token_budget");
        return switch (type) {
            case "enabled" -> budget == null ? ReasoningConfig.of(Effort.AUTO) : ReasoningConfig.budget(budget);
            case "disabled" -> ReasoningConfig.of(Effort.NONE);
            default -> throw Fields.invalid("thinking.type", "must be enabled or disabled");
        };
    }

    /** Writes {@code thinking} for a request's reasoning. */
    static void encode(ReasoningConfig config, ObjectNode body) {
        ObjectNode thinking = body.putObject(FIELD);
        if (config.off()) {
            thinking.put("type", "disabled");
            return;
        }
        thinking.put("type", "enabled");
        if (ReasoningBudgets.effort(config) != Effort.AUTO) {
            thinking.put("token_budget", Math.max(1, ReasoningBudgets.budget(config)));
        }
    }
}
