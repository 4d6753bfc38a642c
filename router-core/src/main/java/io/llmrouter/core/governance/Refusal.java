package io.llmrouter.core.governance;

import io.llmrouter.api.error.ErrorKind;

/** Why governance refused a call; {@link #id} is the {@code reason} tag of {@code router_refusals}. */
public enum Refusal {
    REQUESTS_PER_MINUTE("requests_per_minute", ErrorKind.RATE_LIMITED),
    TOKENS_PER_MINUTE("tokens_per_minute", ErrorKind.RATE_LIMITED),
    MAX_CONCURRENT("max_concurrent", ErrorKind.RATE_LIMITED),
    BUDGET("budget", ErrorKind.QUOTA_EXHAUSTED),
    /** Past the soft threshold with a price ceiling that no endpoint serving the model meets. */
    BUDGET_DOWNGRADE("budget_downgrade", ErrorKind.QUOTA_EXHAUSTED),
    KEY_EXPIRED("key_expired", ErrorKind.AUTHENTICATION),
    /** Answered as an unknown model: the tenant's other models are not revealed. */
    MODEL_NOT_ALLOWED("model_not_allowed", ErrorKind.NOT_FOUND),
    /** The store cannot be asked and the tenant fails closed. */
    STORE_UNAVAILABLE("store_unavailable", ErrorKind.UNAVAILABLE);

    private final String id;
    private final ErrorKind kind;

    Refusal(String id, ErrorKind kind) {
        this.id = id;
        this.kind = kind;
    }

    public String id() {
        return id;
    }

    /** The error the caller gets, in its own format. */
    public ErrorKind kind() {
        return kind;
    }
}
