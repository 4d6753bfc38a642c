package io.llmrouter.api.embed;

import java.util.List;
import java.util.Objects;

/**
 * An embeddings request in the router's neutral form, whatever protocol it came in.
 *
 * @param model      the model asked for
 * @param inputs     what to embed, in order: the answer's vectors come back in the same order
 * @param single     whether the client sent one input on its own rather than a list (Gemini's {@code embedContent}
 *                   against {@code batchEmbedContents}): the answer then holds one embedding, not a list
 * @param dimensions the length of the vectors asked for; null for the model's own
 * @param types      the forms of the values asked for, in the client's order; empty for floats
 * @param task       what the embeddings are for; null when the client says nothing
 * @param user       the end user's id (OpenAI's {@code user}); null for none
 * @param truncation what to do with an input too long for the model; null for the upstream's default
 */
public record EmbeddingRequest(String model, List<EmbeddingInput> inputs, boolean single, Integer dimensions,
                               List<EmbeddingType> types, EmbeddingTask task, String user, Truncation truncation) {

    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
        types = types == null ? List.of() : List.copyOf(types);
        if (single && inputs.size() != 1) {
            throw new IllegalArgumentException("a single request holds one input, not " + inputs.size());
        }
        Objects.requireNonNull(model, "model");
    }

    /** The same request for {@code part} of its inputs (a batch split for an upstream's maximum). */
    public EmbeddingRequest withInputs(List<EmbeddingInput> part) {
        return new EmbeddingRequest(model, part, single && part.size() == 1, dimensions, types, task, user,
                truncation);
    }

    /** The forms asked for; {@code [FLOAT]} when the client named none. */
    public List<EmbeddingType> typesOrFloat() {
        return types.isEmpty() ? List.of(EmbeddingType.FLOAT) : types;
    }

    /** Whether any input is token ids. */
    public boolean hasTokenIds() {
        return inputs.stream().anyMatch(EmbeddingInput.TokenIds.class::isInstance);
    }
}
