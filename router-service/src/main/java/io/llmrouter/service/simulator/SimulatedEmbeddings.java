package io.llmrouter.service.simulator;

import io.llmrouter.api.embed.Embedding;
import io.llmrouter.api.embed.EmbeddingInput;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.api.embed.EmbeddingType;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.routing.LocalAnswers;
import io.llmrouter.core.usage.TokenEstimator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The simulated embeddings model: each text's vector is a pure function of the text ({@link #vector}), of unit length,
 * {@link #DIMENSIONS} long unless the request asks for another length; Cohere's quantized forms are made from it.
 * Deterministic, so tests can tell which vector belongs to which input, and check that order survives.
 *
 * @param estimator counts the input tokens
 */
public record SimulatedEmbeddings(TokenEstimator estimator) implements LocalAnswers.Embedder {

    /** The vector length when the request asks for none. */
    public static final int DIMENSIONS = 8;
    /** The longest vector the simulator makes (real models make at most a few thousand). */
    public static final int MAX_DIMENSIONS = 4096;

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        int dimensions = request.dimensions() == null ? DIMENSIONS : request.dimensions();
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw RouterException.invalidRequest("dimensions must be between 1 and " + MAX_DIMENSIONS + ", got "
                    + dimensions);
        }
        long tokens = 0;
        Embedding[] embeddings = new Embedding[request.inputs().size()];
        for (int i = 0; i < embeddings.length; i++) {
            EmbeddingInput input = request.inputs().get(i);
            String text;
            if (input instanceof EmbeddingInput.Text t) {
                text = t.text();
                tokens += estimator.estimate(text);
            } else {
                EmbeddingInput.TokenIds ids = (EmbeddingInput.TokenIds) input;
                text = Arrays.stream(ids.ids()).mapToObj(Integer::toString).collect(Collectors.joining(",", "ids:", ""));
                tokens += ids.length();
            }
            embeddings[i] = embedding(vector(text, dimensions), request.types());
        }
        return new EmbeddingResponse(request.model(), List.of(embeddings), tokens, true);
    }

    /**
     * The simulated vector of {@code text}: {@code dimensions} values drawn from a generator seeded with the text's
     * FNV-1a hash, scaled to unit length.
     */
    public static float[] vector(String text, int dimensions) {
        long state = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            state = (state ^ (b & 0xff)) * 0x100000001b3L;
        }
        double[] values = new double[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            // SplitMix64: one well-mixed 64-bit value a step, as a double in [-1, 1).
            state += 0x9e3779b97f4a7c15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z ^= z >>> 31;
            values[i] = (z >>> 11) * 0x1.0p-52 - 1.0;
            norm += values[i] * values[i];
        }
        double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
        float[] out = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            out[i] = (float) (values[i] * scale);
        }
        return out;
    }

    /** The embedding of {@code floats} with each quantized form {@code types} asks for, made as Cohere makes them. */
    private static Embedding embedding(float[] floats, List<EmbeddingType> types) {
        Map<EmbeddingType, int[]> quantized = new EnumMap<>(EmbeddingType.class);
        for (EmbeddingType type : types) {
            switch (type) {
                case INT8 -> quantized.put(type, scaled(floats, 0));
                case UINT8 -> quantized.put(type, scaled(floats, 128));
                case BINARY -> quantized.put(type, packed(floats, -128));
                case UBINARY -> quantized.put(type, packed(floats, 0));
                default -> {
                    // The float forms are written from the floats themselves.
                }
            }
        }
        return new Embedding(floats, quantized);
    }

    /** Each value scaled to -127..127, plus {@code offset}. */
    private static int[] scaled(float[] floats, int offset) {
        int[] out = new int[floats.length];
        for (int i = 0; i < floats.length; i++) {
            out[i] = Math.round(floats[i] * 127) + offset;
        }
        return out;
    }

    /** The values' signs, eight to a byte (the first value in the high bit), plus {@code offset}. */
    private static int[] packed(float[] floats, int offset) {
        int[] out = new int[(floats.length + 7) / 8];
        for (int i = 0; i < floats.length; i++) {
            if (floats[i] > 0) {
                out[i / 8] |= 0x80 >>> (i % 8);
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] += offset;
        }
        return out;
    }
}
