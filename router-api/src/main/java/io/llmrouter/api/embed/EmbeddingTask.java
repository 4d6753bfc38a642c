package io.llmrouter.api.embed;

/**
 * What an embedding is for, which some models take as a hint (Gemini's {@code taskType}, Cohere's
 * {@code input_type}); OpenAI's models take none. Each protocol maps these to its own names
 * (docs/protocols.md, "Embeddings").
 */
public enum EmbeddingTask {
    /** A search query, to be matched against documents. */
    SEARCH_QUERY,
    /** A document, to be found by search queries. */
    SEARCH_DOCUMENT,
    /** Texts compared with each other, neither side a query. */
    SEMANTIC_SIMILARITY,
    CLASSIFICATION,
    CLUSTERING,
    /** A question, whose answers are embedded as documents. */
    QUESTION_ANSWERING,
    /** A statement to verify, whose evidence is embedded as documents. */
    FACT_VERIFICATION,
    /** A query for code, whose code blocks are embedded as documents. */
    CODE_RETRIEVAL_QUERY,
    /** An image (Cohere's {@code image} input type). */
    IMAGE
}
