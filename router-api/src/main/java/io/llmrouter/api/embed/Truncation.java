package io.llmrouter.api.embed;

/** What an upstream does with an input longer than the model takes (Cohere's {@code truncate}). */
public enum Truncation {
    /** Refuse the request. */
    NONE,
    /** Cut the start of the input. */
    START,
    /** Cut the end of the input. */
    END
}
