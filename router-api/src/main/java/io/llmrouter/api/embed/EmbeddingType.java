package io.llmrouter.api.embed;

import java.util.Locale;

/**
 * A form of an embedding's values a client can ask for. {@link #FLOAT} and {@link #BASE64} are the same float32
 * values, written as numbers or as base64 of their little-endian bytes; the others are Cohere's quantized forms,
 * which only Cohere's models produce.
 */
public enum EmbeddingType {
    FLOAT,
    BASE64,
    INT8,
    UINT8,
    BINARY,
    UBINARY;

    /** The name on the wire ({@code float}, {@code int8}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the form is written from the float values themselves (any upstream gives them). */
    public boolean fromFloats() {
        return this == FLOAT || this == BASE64;
    }

    /** The type of a wire name, or null when there is none of that name. */
    public static EmbeddingType ofWire(String name) {
        for (EmbeddingType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
