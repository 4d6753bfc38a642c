package io.llmrouter.core.convert;

import io.llmrouter.api.embed.Embedding;
import java.util.List;

/**
 * An upstream's embeddings answer as its protocol's decoder read it, before the router fills in what it lacks.
 *
 * @param model       the model the upstream names; null when it names none (Gemini, Cohere)
 * @param embeddings  one per input, in order
 * @param inputTokens the input tokens the upstream counted; null when it counted none
 */
public record DecodedEmbeddings(String model, List<Embedding> embeddings, Long inputTokens) {

    public DecodedEmbeddings {
        embeddings = List.copyOf(embeddings);
    }
}
