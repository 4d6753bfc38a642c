package io.llmrouter.api.chat;

/**
 * Token counts as an upstream reports them, normalised: input includes cached tokens (OpenAI semantics),
 * output includes reasoning tokens.
 *
 * @param inputTokens       prompt tokens, cached included
 * @param outputTokens      completion tokens, reasoning included
 * @param cachedInputTokens prompt tokens read from cache (subset of input)
 * @param reasoningTokens   thinking tokens (subset of output)
 * @param cacheWriteTokens  prompt tokens written to a cache (subset of input; Anthropic's cache creation)
 */
public record TokenCounts(int inputTokens, int outputTokens, int cachedInputTokens, int reasoningTokens,
                          int cacheWriteTokens) {

    public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0, 0);

    /** Counts of a protocol that reports no cache writes. */
    public TokenCounts(int inputTokens, int outputTokens, int cachedInputTokens, int reasoningTokens) {
        this(inputTokens, outputTokens, cachedInputTokens, reasoningTokens, 0);
    }

    public TokenCounts(int inputTokens, int outputTokens) {
        this(inputTokens, outputTokens, 0, 0, 0);
    }

    /** Input plus output. */
    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
