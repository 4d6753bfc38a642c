package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.ReasoningConfig.Effort;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.ReasoningBudgets;
import io.llmrouter.core.json.Fields;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Anthropic's extended thinking, both ways: the {@code thinking} request field and its effort ({@code output_config
 * .effort}), the {@code thinking} and {@code redacted_thinking} blocks, and the rules Anthropic answers 400 for
 * (docs/protocols.md, "Reasoning"): a budget of at least 1024 and below {@code max_tokens}; no temperature other than 1
 * and no top-k while thinking; no forced tool choice while thinking; and a tool-use continuation must start with the
 * thinking block Anthropic signed. Where the request cannot meet a rule, this call goes without thinking, said in its
 * drops, rather than failing.
 */
final class AnthropicThinking {

    /**
     * Models that take only adaptive thinking ({@code {type:"adaptive"}} and an effort): Claude 4.6 and later refuse
     * {@code type:"enabled"} with a budget. Others take a budget.
     */
    private static final Pattern ADAPTIVE = Pattern.compile(".*claude-(opus|sonnet|haiku)-4-[6-9].*|.*claude-[a-z]+-[5-9].*");
    static final String INTERLEAVED_BETA = "interleaved-thinking-2025-05-14";

    private AnthropicThinking() {
    }

    /** A thinking block as the IR holds it; an empty signature (a client that lost it) is none. */
    static ContentPart.Reasoning block(String thinking, String signature) {
        return signature == null || signature.isEmpty() ? ContentPart.Reasoning.text(thinking)
                : ContentPart.Reasoning.signed(thinking, signature, Protocol.ANTHROPIC);
    }

    // ---- decoding -------------------------------------------------------------------------------------------

    /** The client's {@code thinking} and {@code output_config.effort}, or null when it set neither. */
    static ReasoningConfig decode(ObjectNode root) {
        ObjectNode thinking = Fields.optObject(root.get("thinking"), "thinking");
        ObjectNode config = Fields.optObject(root.get("output_config"), "output_config");
        String effortName = config == null ? null : Fields.optString(config.get("effort"), "output_config.effort");
        Effort effort = effortName == null ? null : effort(effortName);
        if (thinking == null) {
            return effort == null ? null : ReasoningConfig.of(effort);
        }
        String type = Fields.string(thinking.get("type"), "thinking.type");
        String display = Fields.optString(thinking.get("display"), "thinking.display");
        Boolean include = display == null ? null : !"omitted".equals(display);
        return switch (type) {
            case "enabled" -> {
                Integer budget = Fields.optInt(thinking.get("budget_tokens"), "thinking.budget_tokens");
                if (budget == null) {
                    throw Fields.required("thinking.budget_tokens");
                }
                yield new ReasoningConfig(effort, budget, include);
            }
            case "adaptive" -> new ReasoningConfig(effort == null ? Effort.AUTO : effort, null, include);
            case "disabled" -> ReasoningConfig.of(Effort.NONE);
            default -> throw Fields.invalid("thinking.type", "must be enabled, adaptive or disabled");
        };
    }

    private static Effort effort(String name) {
        return switch (name) {
            case "low" -> Effort.LOW;
            case "medium" -> Effort.MEDIUM;
            case "high" -> Effort.HIGH;
            case "xhigh" -> Effort.XHIGH;
            case "max" -> Effort.MAX;
            default -> throw Fields.invalid("output_config.effort", "must be low, medium, high, xhigh or max");
        };
    }

    // ---- encoding -------------------------------------------------------------------------------------------

    /**
     * What goes out for a request's reasoning: nothing, adaptive thinking with an effort, or a budget with the output
     * limit it needs.
     *
     * @param adaptive    {@code {type:"adaptive"}}, with {@code effort} in {@code output_config} when not null
     * @param budget      {@code {type:"enabled", budget_tokens}} when above 0
     * @param maxTokens   the output limit to send
     */
    record Plan(boolean adaptive, String effort, int budget, int maxTokens) {

        static Plan none(int maxTokens) {
            return new Plan(false, null, 0, maxTokens);
        }

        boolean on() {
            return adaptive || budget > 0;
        }

        /** Budget thinking interleaved with tool calls needs a beta; adaptive thinking interleaves by itself. */
        boolean interleaved(ChatRequest request) {
            return budget > 0 && !request.tools().isEmpty();
        }
    }

    /**
     * The plan for {@code request} to {@code model}; what the request asks that cannot go with it is reported to
     * {@code drops}. {@code defaultMaxTokens} is the output limit sent when the client gave none.
     */
    static Plan plan(ChatRequest request, String model, int defaultMaxTokens, Drops drops) {
        Integer asked = request.maxTokens();
        int maxTokens = asked != null ? asked : defaultMaxTokens;
        ReasoningConfig reasoning = request.reasoning();
        if (reasoning == null || reasoning.off()) {
            return Plan.none(maxTokens);
        }
        ToolChoice choice = request.toolChoice();
        boolean forced = choice != null && !request.tools().isEmpty()
                && (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.NAMED);
        if (forced || !continuationSigned(request.messages())) {
            // Anthropic refuses thinking with a forced tool, and a tool-use continuation it did not sign.
            drops.lost(IrField.REASONING);
            return Plan.none(maxTokens);
        }
        if (adaptive(model)) {
            Effort effort = ReasoningBudgets.effort(reasoning);
            return new Plan(true, effort == Effort.AUTO ? null : effortName(effort, model), 0, maxTokens);
        }
        int budget = Math.max(ReasoningBudgets.MIN_BUDGET, ReasoningBudgets.budget(reasoning));
        if (asked == null) {
            // The budget counts against max_tokens: the answer keeps the room it would have had without thinking.
            return new Plan(false, null, budget, budget + defaultMaxTokens);
        }
        if (asked <= ReasoningBudgets.MIN_BUDGET) {
            drops.lost(IrField.REASONING);
            return Plan.none(maxTokens);
        }
        return new Plan(false, null, Math.min(budget, asked - 1), maxTokens);
    }

    /** Whether Anthropic takes only adaptive thinking for {@code model}. */
    static boolean adaptive(String model) {
        return model != null && ADAPTIVE.matcher(model.toLowerCase(Locale.ROOT)).matches();
    }

    private static String effortName(Effort effort, String model) {
        return switch (effort) {
            case NONE, MINIMAL, LOW -> "low";
            case MEDIUM -> "medium";
            case HIGH, AUTO -> "high";
            // xhigh from 4.7 on, max on Opus only.
            case XHIGH -> model.contains("4-6") ? "high" : "xhigh";
            case MAX -> model.toLowerCase(Locale.ROOT).contains("opus") ? "max" : "high";
        };
    }

    /**
     * Whether the conversation is not a tool-use continuation, or its last assistant turn starts with a thinking
     * block Anthropic signed: with thinking on, Anthropic requires it (400 otherwise).
     */
    static boolean continuationSigned(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (m.role() == Role.ASSISTANT) {
                boolean toolUse = m.content().stream().anyMatch(ContentPart.ToolCall.class::isInstance);
                return !toolUse || !m.content().isEmpty()
                        && m.content().get(0) instanceof ContentPart.Reasoning r && r.signedBy(Protocol.ANTHROPIC);
            }
            if (m.role() == Role.USER && m.content().stream().noneMatch(ContentPart.ToolResult.class::isInstance)) {
                return true;
            }
        }
        return true;
    }

    /**
     * The same rules on a client's own body forwarded to Anthropic: thinking blocks without a signature (written for
     * a client by the router when another provider reasoned) are removed, and thinking is turned off for a tool-use
     * continuation that does not start with a signed block.
     */
    static void adaptPassthrough(ObjectNode body, Drops drops) {
        JsonNode messages = body.path("messages");
        ObjectNode lastAssistant = null;
        for (JsonNode m : messages) {
            if (m instanceof ObjectNode message && "assistant".equals(m.path("role").asText())) {
                lastAssistant = message;
                if (m.path("content") instanceof ArrayNode content) {
                    for (Iterator<JsonNode> it = content.elements(); it.hasNext(); ) {
                        JsonNode block = it.next();
                        if ("thinking".equals(block.path("type").asText())
                                && block.path("signature").asText("").isEmpty()) {
                            it.remove();
                            drops.field("messages[].content[]=thinking");
                        }
                    }
                }
            } else if (m != null && "user".equals(m.path("role").asText()) && !hasToolResult(m)) {
                lastAssistant = null;
            }
        }
        JsonNode thinking = body.get("thinking");
        if (lastAssistant == null || thinking == null || "disabled".equals(thinking.path("type").asText())) {
            return;
        }
        JsonNode content = lastAssistant.path("content");
        boolean toolUse = false;
        for (JsonNode block : content) {
            toolUse |= "tool_use".equals(block.path("type").asText());
        }
        String first = content.path(0).path("type").asText();
        if (toolUse && !first.equals("thinking") && !first.equals("redacted_thinking")) {
            body.remove("thinking");
            drops.field("thinking");
        }
    }

    private static boolean hasToolResult(JsonNode message) {
        for (JsonNode block : message.path("content")) {
            if ("tool_result".equals(block.path("type").asText())) {
                return true;
            }
        }
        return false;
    }
}
