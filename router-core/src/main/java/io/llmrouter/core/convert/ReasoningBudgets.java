package io.llmrouter.core.convert;

import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.ReasoningConfig.Effort;

/**
 * The one table between reasoning efforts and thinking budgets in tokens (docs/protocols.md, "Effort and budget"),
 * for protocols that ask in the other terms than the client did. The budgets follow a common gateway convention
 * (1024 low, 2048 medium, 4096 high), not a provider's; the table round-trips exactly.
 */
public final class ReasoningBudgets {

    /** The smallest thinking budget Anthropic accepts, and the budget of a low effort. */
    public static final int MIN_BUDGET = 1024;
    /** The budget of "on, amount left to the model" where a budget must be given. */
    public static final int AUTO_BUDGET = 4096;

    private ReasoningBudgets() {
    }

    /** The budget for an effort; 0 for none. */
    public static int budget(Effort effort) {
        return switch (effort) {
            case NONE -> 0;
            case MINIMAL -> 512;
            case LOW -> MIN_BUDGET;
            case MEDIUM -> 2048;
            case HIGH, AUTO -> AUTO_BUDGET;
            case XHIGH -> 8192;
            case MAX -> 16384;
        };
    }

    /** The effort whose budget is the largest not above {@code tokens}. */
    public static Effort effort(int tokens) {
        if (tokens <= 0) {
            return Effort.NONE;
        }
        if (tokens < MIN_BUDGET) {
            return Effort.MINIMAL;
        }
        if (tokens < 2048) {
            return Effort.LOW;
        }
        if (tokens < 4096) {
            return Effort.MEDIUM;
        }
        if (tokens < 8192) {
            return Effort.HIGH;
        }
        return tokens < 16384 ? Effort.XHIGH : Effort.MAX;
    }

    /** The budget a configuration asks for: its own, or its effort's. */
    public static int budget(ReasoningConfig config) {
        return config.budgetTokens() != null ? config.budgetTokens() : budget(config.effort());
    }

    /** The effort a configuration asks for: its own, or its budget's. */
    public static Effort effort(ReasoningConfig config) {
        return config.effort() != null ? config.effort() : effort(config.budgetTokens());
    }
}
