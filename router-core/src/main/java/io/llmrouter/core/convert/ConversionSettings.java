package io.llmrouter.core.convert;

import java.time.Clock;

/**
 * What the codecs take from configuration ({@code router.conversion.*}).
 *
 * @param clock                     the clock of the {@code created} timestamps the router writes into answers
 * @param anthropicDefaultMaxTokens {@code max_tokens} sent to Anthropic when the client gave none
 * @param maxAnswerSize             the largest answer an encoder holds whole, in characters: the limit on a complete
 *                                  upstream answer ({@code router.upstream.max-response-size}), which a streamed
 *                                  Responses answer repeats in its terminal event
 */
public record ConversionSettings(Clock clock, int anthropicDefaultMaxTokens, long maxAnswerSize) {

    /** The default of {@code router.upstream.max-response-size}. */
    public static final long DEFAULT_MAX_ANSWER_SIZE = 32L << 20;

    /**
     * {@code max_tokens} sent to Anthropic when the client gave none: Anthropic requires it
     * (docs/protocols.md#provider-dialects), and 4096 is within the output limit of every current Claude model.
     */
    public static final int DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

    /** The system clock and {@link #DEFAULT_ANTHROPIC_MAX_TOKENS}. */
    public static final ConversionSettings DEFAULTS = new ConversionSettings(Clock.systemUTC(),
            DEFAULT_ANTHROPIC_MAX_TOKENS, DEFAULT_MAX_ANSWER_SIZE);

    public ConversionSettings {
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        if (anthropicDefaultMaxTokens < 1) {
            throw new IllegalArgumentException("anthropicDefaultMaxTokens must be positive, got "
                    + anthropicDefaultMaxTokens);
        }
        if (maxAnswerSize < 1) {
            throw new IllegalArgumentException("maxAnswerSize must be positive, got " + maxAnswerSize);
        }
    }

    /** {@code clock} and {@code anthropicDefaultMaxTokens}, with the {@link #DEFAULT_MAX_ANSWER_SIZE}. */
    public ConversionSettings(Clock clock, int anthropicDefaultMaxTokens) {
        this(clock, anthropicDefaultMaxTokens, DEFAULT_MAX_ANSWER_SIZE);
    }
}
