package io.llmrouter.api.embed;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One input's embedding: its float values, and the quantized forms a Cohere upstream gave besides (or instead).
 *
 * @param floats    the float32 values; null when the upstream gave only quantized forms
 * @param quantized the quantized forms ({@link EmbeddingType#INT8}, ...) by type; empty for none
 */
public record Embedding(float[] floats, Map<EmbeddingType, int[]> quantized) {

    public Embedding {
        floats = floats == null ? null : floats.clone();
        Map<EmbeddingType, int[]> copy = new EnumMap<>(EmbeddingType.class);
        if (quantized != null) {
            quantized.forEach((type, values) -> {
                if (type.fromFloats()) {
                    throw new IllegalArgumentException(type + " is written from the floats, not kept");
                }
                copy.put(type, values.clone());
            });
        }
        if (floats == null && copy.isEmpty()) {
            throw new IllegalArgumentException("an embedding without values");
        }
        quantized = Collections.unmodifiableMap(copy);
    }

    /** An embedding of float values only. */
    public Embedding(float[] floats) {
        this(floats, Map.of());
    }

    @Override
    public float[] floats() {
        return floats == null ? null : floats.clone();
    }

    /** The values of a quantized form, or null when the upstream gave none. */
    public int[] quantized(EmbeddingType type) {
        int[] values = quantized.get(type);
        return values == null ? null : values.clone();
    }

    /** How many values the form {@code type} holds (the floats' for the float forms); 0 when it is not there. */
    public int size(EmbeddingType type) {
        if (type.fromFloats()) {
            return floats == null ? 0 : floats.length;
        }
        int[] values = quantized.get(type);
        return values == null ? 0 : values.length;
    }

    /** Whether the values of {@code type} can be written: floats for the float forms, else that form itself. */
    public boolean has(EmbeddingType type) {
        return type.fromFloats() ? floats != null : quantized.containsKey(type);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Embedding e) || !Arrays.equals(floats, e.floats)
                || !quantized.keySet().equals(e.quantized.keySet())) {
            return false;
        }
        return quantized.entrySet().stream().allMatch(q -> Arrays.equals(q.getValue(), e.quantized.get(q.getKey())));
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(floats);
        for (Map.Entry<EmbeddingType, int[]> q : quantized.entrySet()) {
            h = 31 * h + q.getKey().hashCode() * 17 + Arrays.hashCode(q.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return "Embedding[" + (floats == null ? "" : floats.length + " floats") + (quantized.isEmpty() ? ""
                : " " + quantized.keySet()) + "]";
    }
}
