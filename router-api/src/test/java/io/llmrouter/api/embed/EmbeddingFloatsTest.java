package io.llmrouter.api.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Values held as text read as the nearest float32 each, equal to the same values held as numbers. */
class EmbeddingFloatsTest {

    private static EmbeddingFloats text(String numbers, int size) {
        return EmbeddingFloats.ofJsonText(numbers.getBytes(StandardCharsets.US_ASCII), size);
    }

    @Test
    void textIsReadNumberByNumberAsFloat32() {
        EmbeddingFloats t = text("1E-5,-0.0,0.10000000149011612,3,-2.5e+3", 5);
        assertEquals(5, t.size());
        assertArrayEquals(new float[] {1e-5f, -0.0f, 0.1f, 3f, -2500f}, t.toArray());
        assertTrue(t.isJsonText());
        assertEquals(39, t.jsonTextLength());
    }

    @Test
    void textAndNumbersOfTheSameValuesAreEqual() {
        EmbeddingFloats numbers = EmbeddingFloats.of(new float[] {0.5f, -1f});
        assertEquals(numbers, text("0.5,-1.0", 2));
        assertEquals(numbers.hashCode(), text("5E-1,-1", 2).hashCode());
        assertFalse(numbers.isJsonText());
        assertNull(numbers.jsonText());
        assertEquals(-1, numbers.jsonTextLength());
        assertFalse(numbers.equals(text("0.5,-1.5", 2)));
    }

    @Test
    void heldValuesDoNotChangeWithTheArraysTheyCameFromOrWentTo() {
        float[] given = {1f, 2f};
        EmbeddingFloats f = EmbeddingFloats.of(given);
        given[0] = 9f;
        f.toArray()[1] = 9f;
        assertArrayEquals(new float[] {1f, 2f}, f.toArray());
        byte[] bytes = "1,2".getBytes(StandardCharsets.US_ASCII);
        EmbeddingFloats t = EmbeddingFloats.ofJsonText(bytes, 2);
        bytes[0] = '7';
        t.jsonText()[2] = '7';
        assertArrayEquals(new float[] {1f, 2f}, t.toArray());
    }

    @Test
    void thePrefixOfABufferIsKeptAndGivenBackAsAnArray() {
        byte[] buffer = "0.5,-1,garbage".getBytes(StandardCharsets.US_ASCII);
        EmbeddingFloats t = EmbeddingFloats.ofJsonText(buffer, 6, 2);
        assertArrayEquals(new float[] {0.5f, -1f}, t.toArray());
        assertArrayEquals("[0.5,-1]".getBytes(StandardCharsets.US_ASCII), t.jsonArray());
        assertNull(EmbeddingFloats.of(new float[] {1f}).jsonArray());
        assertThrows(IllegalArgumentException.class, () -> EmbeddingFloats.ofJsonText(buffer, 99, 2));
    }

    @Test
    void emptyTextHoldsNoValueAndACountMustMatchIt() {
        assertEquals(0, text("", 0).toArray().length);
        assertThrows(IllegalArgumentException.class, () -> text("", 1));
        assertThrows(IllegalArgumentException.class, () -> text("1", 0));
    }

    @Test
    void anEmbeddingOfTextEqualsTheSameOfNumbers() {
        assertEquals(new Embedding(new float[] {0.25f}), new Embedding(text("0.25", 1)));
        assertEquals(1, new Embedding(text("0.25", 1)).size(EmbeddingType.BASE64));
    }
}
