package io.llmrouter.core.convert;

/**
 * A value of the intermediate form that an upstream protocol (or its host's dialect) cannot take, reported through
 * {@link Drops#lost(IrField)} by the encoder or rule that leaves it out. The client sees it under the name its own
 * protocol gives the field ({@link ProtocolCodec#fieldName(IrField)}); {@link #defaultName()} is OpenAI Chat's.
 */
public enum IrField {
    TEMPERATURE("temperature"),
    TOP_P("top_p"),
    TOP_K("top_k"),
    STOP("stop"),
    SEED("seed"),
    PRESENCE_PENALTY("presence_penalty"),
    FREQUENCY_PENALTY("frequency_penalty"),
    TOOL_CHOICE("tool_choice"),
    PARALLEL_TOOL_CALLS("parallel_tool_calls"),
    /** JSON mode without a schema, where only schema-constrained output exists. */
    JSON_MODE("response_format"),
    /** Schema keywords the upstream's schema dialect does not accept. */
    SCHEMA_KEYWORDS("response_format.json_schema.schema"),
    /** Keywords of a tool's parameter schema the upstream's tool definitions cannot state (Cohere v1's flat form). */
    TOOL_SCHEMA_KEYWORDS("tools[].function.parameters"),
    /** The error flag of a tool result. */
    TOOL_RESULT_ERROR("messages[].is_error"),
    USER("user"),
    METADATA("metadata"),
    /** The reasoning configuration (effort, budget). */
    REASONING("reasoning_effort"),
    /** Reasoning of earlier turns that the upstream cannot take back. */
    REASONING_HISTORY("messages[].reasoning_content"),
    /** A content part of a turn where the upstream's turn cannot hold it (a tool call in a user turn). */
    MISPLACED_PART("messages[].content[]"),
    /** A beta feature the client asked for by header that the upstream has no counterpart for. */
    ANTHROPIC_BETA("anthropic-beta"),
    /** What an embedding is for (Gemini's {@code taskType}, Cohere's {@code input_type}). */
    EMBEDDING_TASK("input_type"),
    /** The title of a document to embed (Gemini's). */
    EMBEDDING_TITLE("title"),
    /** What to do with an input too long for the embedding model (Cohere's {@code truncate}). */
    TRUNCATION("truncate"),
    /** The inputs of an embeddings request (refused, not dropped, when an upstream cannot read them). */
    EMBEDDING_INPUT("input"),
    /** The length of the vectors asked for. */
    DIMENSIONS("dimensions"),
    /** The forms of an embedding's values asked for. */
    EMBEDDING_TYPES("encoding_format");

    private final String defaultName;

    IrField(String defaultName) {
        this.defaultName = defaultName;
    }

    /** The field's name in OpenAI Chat's terms, used where a protocol names it no differently. */
    public String defaultName() {
        return defaultName;
    }
}
