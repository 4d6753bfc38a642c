package io.llmrouter.core.convert;

import java.time.Clock;

/**
 * What the codecs take from configuration ({@code router.conversion.*}).
 *
 * @param clock                     the clock of the {@code created} timestamps the router writes into answers
 * @param anthropicDefaultMaxTokens {@code max_tokens} sent to Anthropic when the client gave none
 */
public record ConversionSettings(Clock clock, int anthropicDefaultMaxTokens) {

    /**
     * {@code max_tokens} sent to Anthropic when the client gave none: Anthropic requires it
     * (docs/protocols.md#provider-dialects), and 4096 is within the output limit of every current Claude model.
     */
    public static final int DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

    /** The system clock and {@link #DEFAULT_ANTHROPIC_MAX_TOKENS}. */
    public static final ConversionSettings DEFAULTS = new ConversionSettings(Clock.systemUTC(),
            DEFAULT_ANTHROPIC_MAX_TOKENS);

    public ConversionSettings {
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        if (anthropicDefaultMaxTokens < 1) {
            throw new IllegalArgumentException("anthropicDefaultMaxTokens must be positive, got "
                    + anthropicDefaultMaxTokens);
        }
    }
}
