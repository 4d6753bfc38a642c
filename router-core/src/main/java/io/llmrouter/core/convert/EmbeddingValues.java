package io.llmrouter.core.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmrouter.core.json.RawJson;
import io.llmrouter.api.embed.Embedding;
import io.llmrouter.api.embed.EmbeddingFloats;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.api.embed.EmbeddingType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An embedding's values on the wire: float arrays read as float32 (each JSON number is the text of a float32, so
 * reading it as the nearest float32 gives the upstream's value exactly), base64 of the little-endian float32 bytes (OpenAI's
 * {@code encoding_format: "base64"}, Cohere's {@code base64}), and the integer arrays of Cohere's quantized forms.
 */
public final class EmbeddingValues {

    /** The first size of a vector being read; it doubles as values come (embeddings have 256 to 4096). */
    private static final int INITIAL = 1024;

    /** The most bytes one float32 takes written as JSON text, its comma included ({@code -1.17549435E-38,}). */
    private static final int FLOAT_TEXT = 16;
    /** The most bytes one integer of a quantized form takes written, its comma included ({@code -128,}). */
    private static final int INT_TEXT = 5;
    /** What an embedding's own fields take around its values, at most, in any protocol's answer. */
    private static final int PER_EMBEDDING = 64;

    private EmbeddingValues() {
    }

    /**
     * At most how many bytes the values of {@code response} take written in each of the forms {@code types}: what a
     * caller's answer holds, known before it is written.
     */
    public static long writtenBytes(EmbeddingResponse response, List<EmbeddingType> types) {
        long bytes = 0;
        for (Embedding e : response.embeddings()) {
            for (EmbeddingType type : types) {
                long n = e.size(type);
                int text = type == EmbeddingType.FLOAT && n > 0 ? e.values().jsonTextLength() : -1;
                bytes += PER_EMBEDDING + switch (type) {
                    case FLOAT -> text >= 0 ? text + 2 : n * FLOAT_TEXT;
                    case BASE64 -> (n * Float.BYTES + 2) / 3 * 4;
                    default -> n * INT_TEXT;
                };
            }
        }
        return bytes;
    }

    /** The float32 values base64 holds, four little-endian bytes each; a runtime exception for anything else. */
    public static float[] fromBase64(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("base64 embedding of " + bytes.length + " bytes, not float32 values");
        }
        FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[floats.remaining()];
        floats.get(out);
        return out;
    }

    /** The base64 of {@code values} as little-endian float32 bytes. */
    public static String toBase64(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /**
     * The float32 values of the JSON array at the parser's current token, kept as the text of its numbers (commas
     * between, nothing else): an answer going to a client in JSON numbers is copied, not read and written number by
     * number, and it costs about a byte a digit, not the tens a tree node takes. A runtime exception for anything but
     * an array of numbers.
     */
    public static EmbeddingFloats floats(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("an embedding is not an array of numbers");
        }
        byte[] out = new byte[INITIAL * 12];
        int at = 0;
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("an embedding holds a value that is not a number");
            }
            // The parser checked the number's syntax and holds its text: ASCII digits, sign, point and exponent.
            char[] chars = p.getTextCharacters();
            int from = p.getTextOffset();
            int length = p.getTextLength();
            if (at + length + 1 > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, at + length + 1));
            }
            if (n++ > 0) {
                out[at++] = ',';
            }
            for (int i = 0; i < length; i++) {
                out[at++] = (byte) chars[from + i];
            }
        }
        return EmbeddingFloats.ofJsonText(out, at, n);
    }

    /** The integers of the JSON array at the parser's current token (a quantized form), read without a tree. */
    public static int[] ints(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("an embedding is not an array of integers");
        }
        int[] out = new int[INITIAL];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                throw new IllegalArgumentException("a quantized embedding holds a value that is not an integer");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = p.getIntValue();
        }
        return Arrays.copyOf(out, n);
    }

    /** The float32 values at the parser's current token: an array of numbers, or base64. */
    public static EmbeddingFloats floatsOrBase64(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_STRING ? EmbeddingFloats.of(fromBase64(p.getText())) : floats(p);
    }

    /**
     * Writes the values of {@code embedding} in form {@code type}: a float array, a base64 string or an integer
     * array. An {@link IllegalStateException} when the embedding
     * has none ({@link Embedding#has}): an upstream was asked for every form a client asked for.
     */
    public static void write(JsonGenerator g, Embedding embedding, EmbeddingType type) throws IOException {
        if (!embedding.has(type)) {
            throw new IllegalStateException("an embedding without " + type.wireName() + " values");
        }
        if (type == EmbeddingType.BASE64) {
            g.writeString(toBase64(embedding.floats()));
        } else if (type == EmbeddingType.FLOAT && embedding.values().isJsonText()) {
            g.writeRawValue(RawJson.of(embedding.values().jsonArray()));
        } else if (type == EmbeddingType.FLOAT) {
            float[] floats = embedding.floats();
            g.writeStartArray(floats, floats.length);
            for (float f : floats) {
                g.writeNumber(f);
            }
            g.writeEndArray();
        } else {
            int[] ints = embedding.quantized(type);
            g.writeArray(ints, 0, ints.length);
        }
    }
}
