package io.llmrouter.api;

/**
 * What one routed call consumed.
 *
 * @param inputTokens       prompt tokens, cache reads and writes included
 * @param outputTokens      completion tokens (including reasoning)
 * @param latencyMs         wall time from the router receiving the request to the last byte of the answer
 * @param accurate          true when the upstream reported the counts, false when the router estimated them
 * @param costUsd           cost at the serving endpoint's prices ({@link Endpoint#cost(io.llmrouter.api.chat.TokenCounts)})
 * @param cachedInputTokens prompt tokens read from a cache (part of {@code inputTokens})
 * @param cacheWriteTokens  prompt tokens written to a cache (part of {@code inputTokens})
 * @param reasoningTokens   thinking tokens (part of {@code outputTokens})
 */
public record Usage(long inputTokens, long outputTokens, long latencyMs, boolean accurate, double costUsd,
                    long cachedInputTokens, long cacheWriteTokens, long reasoningTokens) {

    /** Usage without a cache or reasoning breakdown. */
    public Usage(long inputTokens, long outputTokens, long latencyMs, boolean accurate, double costUsd) {
        this(inputTokens, outputTokens, latencyMs, accurate, costUsd, 0, 0, 0);
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
