package io.llmrouter.api.embed;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One input's embedding: its float values, and the quantized forms a Cohere upstream gave besides (or instead).
 *
 * @param values    the float32 values, as numbers or as the upstream's JSON text; null when the upstream gave only
 *                  quantized forms
 * @param quantized the quantized forms ({@link EmbeddingType#INT8}, ...) by type; empty for none
 */
public record Embedding(EmbeddingFloats values, Map<EmbeddingType, int[]> quantized) {

    public Embedding {
        Map<EmbeddingType, int[]> copy = new EnumMap<>(EmbeddingType.class);
        if (quantized != null) {
            quantized.forEach((type, form) -> {
                if (type.fromFloats()) {
                    throw new IllegalArgumentException(type + " is written from the floats, not kept");
                }
                copy.put(type, form.clone());
            });
        }
        if (values == null && copy.isEmpty()) {
            throw new IllegalArgumentException("an embedding without values");
        }
        quantized = Collections.unmodifiableMap(copy);
    }

    /** An embedding of float values, and quantized forms. */
    public Embedding(float[] floats, Map<EmbeddingType, int[]> quantized) {
        this(floats == null ? null : EmbeddingFloats.of(floats), quantized);
    }

    /** An embedding of float values only. */
    public Embedding(float[] floats) {
        this(floats, Map.of());
    }

    /** An embedding of float values only, as numbers or as text. */
    public Embedding(EmbeddingFloats values) {
        this(values, Map.of());
    }

    /** The float32 values (a new array), or null when the upstream gave only quantized forms. */
    public float[] floats() {
        return values == null ? null : values.toArray();
    }

    /** The values of a quantized form, or null when the upstream gave none. */
    public int[] quantized(EmbeddingType type) {
        int[] values = quantized.get(type);
        return values == null ? null : values.clone();
    }

    /** How many values the form {@code type} holds (the floats' for the float forms); 0 when it is not there. */
    public int size(EmbeddingType type) {
        if (type.fromFloats()) {
            return values == null ? 0 : values.size();
        }
        int[] values = quantized.get(type);
        return values == null ? 0 : values.length;
    }

    /** Whether the values of {@code type} can be written: floats for the float forms, else that form itself. */
    public boolean has(EmbeddingType type) {
        return type.fromFloats() ? values != null : quantized.containsKey(type);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Embedding e) || !Objects.equals(values, e.values)
                || !quantized.keySet().equals(e.quantized.keySet())) {
            return false;
        }
        return quantized.entrySet().stream().allMatch(q -> Arrays.equals(q.getValue(), e.quantized.get(q.getKey())));
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(values);
        for (Map.Entry<EmbeddingType, int[]> q : quantized.entrySet()) {
            h = 31 * h + q.getKey().hashCode() * 17 + Arrays.hashCode(q.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return "Embedding[" + (values == null ? "" : values) + (quantized.isEmpty() ? ""
                : " " + quantized.keySet()) + "]";
    }
}
