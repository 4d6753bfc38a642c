package io.llmrouter.api.chat;

/**
 * What the client asked of the model's reasoning ("thinking"), in the client's own terms: an effort level, a token
 * budget, or both; each encoder turns it into its protocol's form through one table (docs/protocols.md, "Reasoning").
 * A null {@code ReasoningConfig} on {@link ChatRequest} means the client said nothing: the provider's default.
 *
 * @param effort          the effort level asked for, or null when the client gave a budget only
 * @param budgetTokens    the thinking budget in tokens asked for, or null when the client gave an effort only
 * @param includeThoughts whether the client wants the reasoning text (summaries, thoughts) in the answer; null when
 *                        it said nothing
 */
public record ReasoningConfig(Effort effort, Integer budgetTokens, Boolean includeThoughts) {

    /** Effort levels, the union of the protocols' scales. */
    public enum Effort {
        /** Reasoning off. */
        NONE,
        MINIMAL,
        LOW,
        MEDIUM,
        HIGH,
        XHIGH,
        MAX,
        /** Reasoning on, the amount left to the model (Anthropic adaptive, Gemini dynamic budget). */
        AUTO
    }

    public ReasoningConfig {
        if (budgetTokens != null && budgetTokens < 0) {
            throw new IllegalArgumentException("budgetTokens must not be negative: " + budgetTokens);
        }
    }

    /** An effort level alone. */
    public static ReasoningConfig of(Effort effort) {
        return new ReasoningConfig(effort, null, null);
    }

    /** A token budget alone. */
    public static ReasoningConfig budget(int tokens) {
        return new ReasoningConfig(null, tokens, null);
    }

    /** True when the client turned reasoning off (effort none or a zero budget). */
    public boolean off() {
        return effort == Effort.NONE || (budgetTokens != null && budgetTokens == 0);
    }

    /** False only when the client asked not to see the reasoning text. */
    public boolean showThoughts() {
        return includeThoughts == null || includeThoughts;
    }

    /** The same configuration with {@code includeThoughts} set. */
    public ReasoningConfig withIncludeThoughts(Boolean include) {
        return new ReasoningConfig(effort, budgetTokens, include);
    }
}
