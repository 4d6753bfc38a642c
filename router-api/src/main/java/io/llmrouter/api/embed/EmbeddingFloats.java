package io.llmrouter.api.embed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An embedding's float32 values, held either as numbers or as the JSON text an upstream wrote them in. An answer of
 * JSON numbers going to a client that wants JSON numbers is copied as text: reading each of thousands of numbers into
 * a float and writing it back costs many times the copy (docs/benchmarks.md, "Embeddings"). The numbers are read from
 * the text only when a form needs them (base64, comparisons).
 */
public final class EmbeddingFloats {

    /** The values; null while they are held as text only. */
    private final float[] values;
    /** The JSON numbers, ASCII, separated by commas, no brackets or white space; null when given as values. */
    private final byte[] text;
    private final int size;

    private EmbeddingFloats(float[] values, byte[] text, int size) {
        this.values = values;
        this.text = text;
        this.size = size;
    }

    /** Values given as numbers. */
    public static EmbeddingFloats of(float[] values) {
        return new EmbeddingFloats(values.clone(), null, values.length);
    }

    /**
     * Values held as JSON text: {@code size} JSON numbers separated by commas, nothing else (a parser read and checked
     * them). An empty text holds no value.
     */
    public static EmbeddingFloats ofJsonText(byte[] text, int size) {
        return ofJsonText(text, text.length, size);
    }

    /**
     * Values held as JSON text: the first {@code length} bytes of {@code text}, as in
     * {@link #ofJsonText(byte[], int)}; only those are copied.
     */
    public static EmbeddingFloats ofJsonText(byte[] text, int length, int size) {
        if (size < 0 || length < 0 || length > text.length || (size == 0) != (length == 0)) {
            throw new IllegalArgumentException(size + " values in " + length + " bytes of text");
        }
        return new EmbeddingFloats(null, Arrays.copyOf(text, length), size);
    }

    /** How many values there are. */
    public int size() {
        return size;
    }

    /** The values as float32 (each number of a text read as the nearest float32); a new array on each call. */
    public float[] toArray() {
        if (values != null) {
            return values.clone();
        }
        float[] out = new float[size];
        int n = 0;
        int start = 0;
        for (int i = 0; i <= text.length && size > 0; i++) {
            if (i == text.length || text[i] == ',') {
                out[n++] = Float.parseFloat(new String(text, start, i - start, StandardCharsets.US_ASCII));
                start = i + 1;
            }
        }
        return out;
    }

    /** Whether the values are held as JSON text, which {@link #jsonText()} gives. */
    public boolean isJsonText() {
        return text != null;
    }

    /** The JSON text of the values (numbers separated by commas, no brackets); null when they were given as numbers. */
    public byte[] jsonText() {
        return text == null ? null : text.clone();
    }

    /**
     * The JSON array of the values' text, brackets included, in one new array (what an answer copies as it is); null
     * when the values were given as numbers.
     */
    public byte[] jsonArray() {
        if (text == null) {
            return null;
        }
        byte[] out = new byte[text.length + 2];
        out[0] = '[';
        System.arraycopy(text, 0, out, 1, text.length);
        out[out.length - 1] = ']';
        return out;
    }

    /** The length of {@link #jsonText()}; -1 when the values were given as numbers. */
    public int jsonTextLength() {
        return text == null ? -1 : text.length;
    }

    /** Equal when the float32 values are, however they are held. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingFloats f && size == f.size && Arrays.equals(toArray(), f.toArray());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toArray());
    }

    @Override
    public String toString() {
        return size + " floats" + (text == null ? "" : " as text");
    }
}
