package io.llmrouter.api;

/**
 * What one routed call consumed.
 *
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens (including reasoning)
 * @param latencyMs    wall time from the router receiving the request to the last byte of the answer
 * @param accurate     true when the upstream reported the counts, false when the router estimated them
 * @param costUsd      cost at the serving endpoint's prices
 */
public record Usage(long inputTokens, long outputTokens, long latencyMs, boolean accurate, double costUsd) {

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
