package io.llmrouter.api.chat;

/** Speaker of a message. The system prompt is not a role here: it lives in {@link ChatRequest#system()}. */
public enum Role {
    /** The end user. */
    USER,
    /** The model. */
    ASSISTANT,
    /** Results of tool calls ({@link ContentPart.ToolResult} parts only). */
    TOOL
}
