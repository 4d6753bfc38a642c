package io.llmrouter.core.convert.cohere;

import io.llmrouter.api.embed.EmbeddingTask;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.json.Fields;
import java.util.EnumMap;
import java.util.Map;

/**
 * Cohere's {@code input_type} ↔ the neutral task (docs/protocols.md, "Embeddings"). Cohere's five names map one to
 * one; Gemini's query-side tasks (question answering, fact verification, code retrieval) go as {@code search_query},
 * the side their documents are matched from, and are named as dropped because the finer hint is lost; semantic
 * similarity has no Cohere counterpart and is dropped. Cohere's v3 and later models require an input type:
 * without one from the client, documents are assumed ({@code search_document}, what a vector store mostly embeds).
 */
final class CohereInputTypes {

    /** What is sent when the client names no task, or one Cohere has no counterpart for. */
    static final String DEFAULT = "search_document";

    private static final Map<EmbeddingTask, String> EXACT = new EnumMap<>(Map.of(
            EmbeddingTask.SEARCH_QUERY, "search_query",
            EmbeddingTask.SEARCH_DOCUMENT, "search_document",
            EmbeddingTask.CLASSIFICATION, "classification",
            EmbeddingTask.CLUSTERING, "clustering",
            EmbeddingTask.IMAGE, "image"));
    private static final Map<EmbeddingTask, String> NEAREST = new EnumMap<>(Map.of(
            EmbeddingTask.QUESTION_ANSWERING, "search_query",
            EmbeddingTask.FACT_VERIFICATION, "search_query",
            EmbeddingTask.CODE_RETRIEVAL_QUERY, "search_query"));

    private CohereInputTypes() {
    }

    /** The task a client's {@code input_type} names; null when absent; a 400 for an unknown one. */
    static EmbeddingTask decode(String name) {
        if (name == null) {
            return null;
        }
        for (Map.Entry<EmbeddingTask, String> e : EXACT.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        throw Fields.invalid("input_type", "must be one of search_document, search_query, classification,"
                + " clustering, image, got '" + Echo.of(name) + "'");
    }

    /** Cohere's name for {@code task}, reporting to {@code drops} what the mapping loses. */
    static String encode(EmbeddingTask task, Drops drops) {
        if (task == null) {
            return DEFAULT;
        }
        String exact = EXACT.get(task);
        if (exact != null) {
            return exact;
        }
        drops.lost(IrField.EMBEDDING_TASK);
        return NEAREST.getOrDefault(task, DEFAULT);
    }
}
