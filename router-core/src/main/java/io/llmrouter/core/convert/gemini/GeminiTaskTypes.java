package io.llmrouter.core.convert.gemini;

import io.llmrouter.api.embed.EmbeddingTask;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.json.Fields;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Gemini's {@code taskType} ↔ the neutral task, one name each; Cohere's {@code image} input type has no Gemini
 * counterpart (docs/protocols.md, "Embeddings").
 */
final class GeminiTaskTypes {

    private static final Map<EmbeddingTask, String> NAMES = new EnumMap<>(Map.of(
            EmbeddingTask.SEARCH_QUERY, "RETRIEVAL_QUERY",
            EmbeddingTask.SEARCH_DOCUMENT, "RETRIEVAL_DOCUMENT",
            EmbeddingTask.SEMANTIC_SIMILARITY, "SEMANTIC_SIMILARITY",
            EmbeddingTask.CLASSIFICATION, "CLASSIFICATION",
            EmbeddingTask.CLUSTERING, "CLUSTERING",
            EmbeddingTask.QUESTION_ANSWERING, "QUESTION_ANSWERING",
            EmbeddingTask.FACT_VERIFICATION, "FACT_VERIFICATION",
            EmbeddingTask.CODE_RETRIEVAL_QUERY, "CODE_RETRIEVAL_QUERY"));
    private static final String UNSPECIFIED = "TASK_TYPE_UNSPECIFIED";

    private GeminiTaskTypes() {
    }

    /** The task a client's {@code taskType} names; null for none or unspecified; a 400 for an unknown one. */
    static EmbeddingTask decode(String name, String path) {
        if (name == null || name.equals(UNSPECIFIED)) {
            return null;
        }
        for (Map.Entry<EmbeddingTask, String> e : NAMES.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        StringJoiner known = new StringJoiner(", ");
        NAMES.values().forEach(known::add);
        throw Fields.invalid(path, "must be one of " + known + ", got '" + Echo.of(name)
                + "'");
    }

    /** Gemini's name of {@code task}; null when Gemini has none for it. */
    static String encode(EmbeddingTask task) {
        return task == null ? null : NAMES.get(task);
    }
}
