package io.llmrouter.core.convert;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.embed.EmbeddingInput;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingType;
import io.llmrouter.api.embed.Truncation;
import java.util.ArrayList;
import java.util.List;

/**
 * What an upstream protocol cannot take of an embeddings request, decided once for every encoder
 * (docs/protocols.md, "Embeddings"). Refused, for this attempt, where leaving it out would change the answer: token ids
 * to an upstream that reads text, a quantized form only Cohere gives, a vector length the upstream cannot give.
 * Dropped and named where only a hint to the model is lost: the task, a title, the end user, the truncation.
 */
public final class EmbeddingRules {

    private EmbeddingRules() {
    }

    /**
     * The inputs' texts, for an upstream of {@code upstream} that reads text only; refuses token ids: the router has
     * no tokenizer of every model to turn them back into text.
     */
    public static List<String> texts(EmbeddingRequest request, Protocol upstream, Drops drops) {
        List<String> texts = new ArrayList<>(request.inputs().size());
        for (EmbeddingInput input : request.inputs()) {
            if (!(input instanceof EmbeddingInput.Text t)) {
                throw drops.refusal(IrField.EMBEDDING_INPUT, "holds token ids, which an upstream of "
                        + upstream.configName() + " cannot read: it takes text, and token ids are only text to"
                        + " the tokenizer of the model they were made for");
            }
            texts.add(t.text());
        }
        return texts;
    }

    /** Refuses a quantized form asked of an upstream that gives float values only (every one but Cohere). */
    public static void floatsOnly(EmbeddingRequest request, Protocol upstream, Drops drops) {
        for (EmbeddingType type : request.types()) {
            if (!type.fromFloats()) {
                throw drops.refusal(IrField.EMBEDDING_TYPES, "asks for " + type.wireName()
                        + " embeddings, which an upstream of " + upstream.configName()
                        + " cannot give: it answers float values only");
            }
        }
    }

    /** Refuses a vector length asked of an upstream whose API cannot shorten its vectors. */
    public static void noDimensions(EmbeddingRequest request, Protocol upstream, Drops drops) {
        if (request.dimensions() != null) {
            throw drops.refusal(IrField.DIMENSIONS, "asks for " + request.dimensions()
                    + " dimensions, which an upstream of " + upstream.configName() + " cannot give");
        }
    }

    /** Drops the task, for an upstream that takes none. */
    public static void noTask(EmbeddingRequest request, Drops drops) {
        if (request.task() != null) {
            drops.lost(IrField.EMBEDDING_TASK);
        }
    }

    /** Drops the inputs' titles, for an upstream that takes none. */
    public static void noTitles(EmbeddingRequest request, Drops drops) {
        for (EmbeddingInput input : request.inputs()) {
            if (input instanceof EmbeddingInput.Text t && t.title() != null) {
                drops.lost(IrField.EMBEDDING_TITLE);
                return;
            }
        }
    }

    /** Drops the end user, for an upstream that takes none. */
    public static void noUser(EmbeddingRequest request, Drops drops) {
        if (request.user() != null) {
            drops.lost(IrField.USER);
        }
    }

    /**
     * Drops a truncation other than {@code what} the upstream does on its own with an input too long (it has no
     * setting for it).
     */
    public static void truncationIs(Truncation what, EmbeddingRequest request, Drops drops) {
        if (request.truncation() != null && request.truncation() != what) {
            drops.lost(IrField.TRUNCATION);
        }
    }
}
