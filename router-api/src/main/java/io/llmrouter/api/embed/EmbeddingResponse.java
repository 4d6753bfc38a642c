package io.llmrouter.api.embed;

import java.util.List;
import java.util.Objects;

/**
 * An embeddings answer in the router's neutral form.
 *
 * @param model         the model that answered (the upstream's name when it gives one, else the one asked for)
 * @param embeddings    one per input, in the inputs' order
 * @param inputTokens   the input tokens, as the upstream counted them or as the router estimated them
 * @param usageAccurate true when the upstream counted the tokens, false when the router estimated them
 */
public record EmbeddingResponse(String model, List<Embedding> embeddings, long inputTokens, boolean usageAccurate) {

    public EmbeddingResponse {
        Objects.requireNonNull(model, "model");
        embeddings = List.copyOf(embeddings);
        if (inputTokens < 0) {
            throw new IllegalArgumentException("negative input tokens: " + inputTokens);
        }
    }
}
