package io.llmrouter.core.governance;

/** What a meter counts; {@link #id} names it in store keys and metrics. */
public enum Dimension {
    /** Calls per UTC minute. */
    REQUESTS("rpm"),
    /** Input and output tokens per UTC minute. */
    TOKENS("tpm"),
    /** Spend in nano-USD per budget period. */
    BUDGET("budget"),
    /** Calls in flight (slots, no window). */
    CONCURRENCY("conc");

    private final String id;

    Dimension(String id) {
        this.id = id;
    }

    /** Short name: {@code rpm}, {@code tpm}, {@code budget}, {@code conc}. */
    public String id() {
        return id;
    }
}
