package io.llmrouter.api.chat;

/** Why generation stopped, in protocol-neutral terms (mapping tables: docs/protocols.md#answers). */
public enum FinishReason {
    /** Natural end of turn. */
    STOP,
    /** A stop sequence matched. */
    STOP_SEQUENCE,
    /** The output token limit was hit. */
    LENGTH,
    /** The model called tools and waits for their results. */
    TOOL_CALLS,
    /** Safety filter or refusal. */
    CONTENT_FILTER,
    /** The upstream ended generation with an error. */
    ERROR
}
