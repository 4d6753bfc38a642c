package io.llmrouter.core.governance;

/**
 * The meters of one scope (a tenant, or one of its named keys); each is null when not configured.
 *
 * @param scope       {@link #TENANT} or {@link #KEY}
 * @param name        the tenant's or the key's name, for messages
 * @param requests    requests per UTC minute
 * @param tokens      tokens per UTC minute
 * @param concurrent  calls in flight
 * @param budget      spend per budget period, in nano-USD
 * @param softPercent share of the budget (1–100) past which calls carry the soft-limit headers
 * @param downgradeMaxInputPrice past the soft threshold, only endpoints at or below this input price (USD per 1K
 *                    tokens) serve; NaN when not set
 */
public record ScopeLimits(String scope, String name, Meter requests, Meter tokens, SlotMeter concurrent, Meter budget,
                          int softPercent, double downgradeMaxInputPrice) {

    public static final String TENANT = "tenant";
    public static final String KEY = "key";

    /** Whether any limit is set. */
    public boolean any() {
        return requests != null || tokens != null || concurrent != null || budget != null;
    }
}
