package io.llmrouter.core.convert.gemini;

import static io.llmrouter.core.convert.gemini.GeminiNames.field;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.ReasoningConfig.Effort;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.convert.ReasoningBudgets;
import io.llmrouter.core.json.Fields;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gemini's thinking, both ways: {@code generationConfig.thinkingConfig} ({@code thinkingBudget} for Gemini 2.5,
 * {@code thinkingLevel} for Gemini 3, never both: a 400), thought parts ({@code thought: true}) and thought signatures.
 * Gemini puts a turn's signature on the part that follows its thoughts (a text or function-call part, or an empty
 * text part of its own); the IR holds it on the reasoning part it closes, so a thought summary and its signature are
 * one {@link ContentPart.Reasoning} of origin Gemini, placed before that part.
 */
final class GeminiThinking {

    private GeminiThinking() {
    }

    // ---- configuration --------------------------------------------------------------------------------------

    /** {@code thinkingConfig}, or null when absent. */
    static ReasoningConfig decode(JsonNode config) {
        if (config == null) {
            return null;
        }
        String p = "generationConfig.thinkingConfig";
        Fields.object(config, p);
        Integer budget = Fields.optInt(field(config, "thinkingBudget"), p + ".thinkingBudget");
        String level = Fields.optString(field(config, "thinkingLevel"), p + ".thinkingLevel");
        Boolean include = Fields.optBool(field(config, "includeThoughts"), p + ".includeThoughts");
        Effort effort = level == null ? null : switch (level.toLowerCase(Locale.ROOT)) {
            case "minimal" -> Effort.MINIMAL;
            case "low" -> Effort.LOW;
            case "medium" -> Effort.MEDIUM;
            case "high" -> Effort.HIGH;
            case "thinking_level_unspecified" -> Effort.AUTO;
            default -> throw Fields.invalid(p + ".thinkingLevel", "has unknown value '" + Echo.of(level)
                    + "' (expected minimal, low, medium or high)");
        };
        if (budget != null && budget == -1) {
            // Dynamic thinking: on, the amount left to the model.
            return new ReasoningConfig(Effort.AUTO, null, include);
        }
        if (budget != null && budget < -1) {
            throw Fields.invalid(p + ".thinkingBudget", "must be -1 (dynamic), 0 (off) or a number of tokens");
        }
        if (effort == null && budget == null) {
            return include == null ? null : new ReasoningConfig(Effort.AUTO, null, include);
        }
        return new ReasoningConfig(effort, budget, include);
    }

    /**
     * Writes {@code thinkingConfig} for {@code model}: a level where the client gave an effort and the model is a
     * Gemini 3 (Pro knows only low and high), a budget everywhere else; thoughts included unless the client declined.
     */
    static void write(JsonGenerator g, ReasoningConfig config, String model) throws IOException {
        g.writeObjectFieldStart("thinkingConfig");
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        boolean gemini3 = m.startsWith("gemini-3");
        if (gemini3 && config.effort() != null && config.effort() != Effort.AUTO && !config.off()) {
            g.writeStringField("thinkingLevel", level(config.effort(), m.contains("pro")));
        } else if (config.off()) {
            g.writeNumberField("thinkingBudget", 0);
        } else if (ReasoningBudgets.effort(config) == Effort.AUTO) {
            g.writeNumberField("thinkingBudget", -1);
        } else {
            g.writeNumberField("thinkingBudget", ReasoningBudgets.budget(config));
        }
        if (!config.off()) {
            g.writeBooleanField("includeThoughts", config.showThoughts());
        }
        g.writeEndObject();
    }

    private static String level(Effort effort, boolean pro) {
        return switch (effort) {
            case NONE, MINIMAL -> pro ? "low" : "minimal";
            case LOW -> "low";
            case MEDIUM -> pro ? "high" : "medium";
            default -> "high";
        };
    }

    // ---- parts ----------------------------------------------------------------------------------------------

    /** Whether a part is a thought. */
    static boolean isThought(JsonNode part) {
        JsonNode t = field(part, "thought");
        return t != null && t.asBoolean(false);
    }

    /**
     * A part's thought signature, or null; Google's documented stand-ins for a missing signature (the router's
     * {@link GeminiRequestEncoder#SIGNATURE_BYPASS} among them) are none.
     */
    static String signature(JsonNode part) {
        JsonNode s = field(part, "thoughtSignature");
        if (s == null || !s.isTextual() || s.asText().isEmpty()) {
            return null;
        }
        String value = s.asText();
        return BYPASSES.contains(value) ? null : value;
    }

    /** ai.google.dev/gemini-api/docs/thought-signatures, FAQ: values that skip the signature check. */
    private static final Set<String> BYPASSES = Set.of(GeminiRequestEncoder.SIGNATURE_BYPASS,
            "context_engineering_is_the_way_to_go");

    /**
     * Reads the thoughts of one turn's or answer's parts in order, turning them into reasoning parts placed where
     * they belong. Not thread-safe: one per turn.
     */
    static final class Reader {
        private final StringBuilder thoughts = new StringBuilder();

        /**
         * Reads a part's thinking into {@code out}: true when the part was a thought and has nothing else to read.
         * A part carrying a signature closes the thoughts before it into one signed reasoning part.
         */
        boolean read(JsonNode part, List<ContentPart> out) {
            String signature = signature(part);
            if (isThought(part)) {
                JsonNode text = field(part, "text");
                if (text != null && text.isTextual()) {
                    thoughts.append(text.asText());
                }
                if (signature != null) {
                    close(signature, out);
                }
                return true;
            }
            if (signature != null) {
                close(signature, out);
            } else {
                flush(out);
            }
            return false;
        }

        /** The thoughts not yet closed by a signature, as unsigned reasoning. */
        void flush(List<ContentPart> out) {
            if (thoughts.length() > 0) {
                out.add(ContentPart.Reasoning.text(thoughts.toString()));
                thoughts.setLength(0);
            }
        }

        private void close(String signature, List<ContentPart> out) {
            out.add(ContentPart.Reasoning.signed(thoughts.toString(), signature, Protocol.GEMINI));
            thoughts.setLength(0);
        }
    }
}
