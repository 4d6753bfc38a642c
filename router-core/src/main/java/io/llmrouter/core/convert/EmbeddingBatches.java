package io.llmrouter.core.convert;

import io.llmrouter.api.embed.Embedding;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch larger than an upstream takes, split into requests it takes and their answers joined back, in order. Pure
 * functions: the router sends the parts (one after the other or at once) and joins what comes back.
 */
public final class EmbeddingBatches {

    private EmbeddingBatches() {
    }

    /**
     * {@code request} as parts of at most {@code max} inputs each, in the inputs' order; {@code [request]} itself when
     * it fits.
     */
    public static List<EmbeddingRequest> split(EmbeddingRequest request, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        int n = request.inputs().size();
        if (n <= max) {
            return List.of(request);
        }
        List<EmbeddingRequest> parts = new ArrayList<>((n + max - 1) / max);
        for (int from = 0; from < n; from += max) {
            parts.add(request.withInputs(request.inputs().subList(from, Math.min(n, from + max))));
        }
        return parts;
    }

    /**
     * The answers of the parts {@link #split} made, in the parts' order, as one answer: the embeddings one after the
     * other, the tokens summed (accurate only when every part's count is), the first part's model.
     */
    public static EmbeddingResponse join(List<EmbeddingResponse> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no answers to join");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<Embedding> embeddings = new ArrayList<>();
        long tokens = 0;
        boolean accurate = true;
        for (EmbeddingResponse part : parts) {
            embeddings.addAll(part.embeddings());
            tokens += part.inputTokens();
            accurate &= part.usageAccurate();
        }
        return new EmbeddingResponse(parts.get(0).model(), embeddings, tokens, accurate);
    }
}
