package io.llmrouter.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A raw value goes into a generator's output as it is, separated as its place needs; quoted, it is a JSON string. */
class RawJsonTest {

    private static final RawJson NUMBERS = RawJson.of("[1E-5,-0.0,3]".getBytes(StandardCharsets.US_ASCII));

    @Test
    void aRawValueIsCopiedWithTheSeparatorsOfItsPlace() {
        String written = new String(Json.write(g -> {
            g.writeStartArray();
            g.writeRawValue(NUMBERS);
            g.writeRawValue(NUMBERS);
            g.writeStartObject();
            g.writeFieldName("v");
            g.writeRawValue(NUMBERS);
            g.writeEndObject();
            g.writeEndArray();
        }), StandardCharsets.UTF_8);
        assertEquals("[[1E-5,-0.0,3],[1E-5,-0.0,3],{\"v\":[1E-5,-0.0,3]}]", written);
    }

    @Test
    void quotedItIsTheJsonStringOfItsText() throws IOException {
        String written = new String(Json.write(g -> g.writeString(NUMBERS)), StandardCharsets.UTF_8);
        assertEquals("\"[1E-5,-0.0,3]\"", written);
        RawJson withQuote = RawJson.of("[\"a\"]".getBytes(StandardCharsets.US_ASCII));
        assertEquals("[\\\"a\\\"]", new String(withQuote.asQuotedChars()));
        assertArrayEquals("[\\\"a\\\"]".getBytes(StandardCharsets.US_ASCII), withQuote.asQuotedUTF8());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(7, withQuote.writeQuotedUTF8(out));
        assertEquals("[\\\"a\\\"]", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void appendingReportsWhatDoesNotFit() {
        byte[] small = new byte[4];
        assertEquals(-1, NUMBERS.appendUnquotedUTF8(small, 0));
        assertEquals(-1, NUMBERS.putUnquotedUTF8(ByteBuffer.allocate(4)));
        assertEquals(-1, NUMBERS.appendQuoted(new char[4], 0));
        byte[] room = new byte[20];
        assertEquals(13, NUMBERS.appendUnquotedUTF8(room, 1));
        assertEquals("[1E-5,-0.0,3]", new String(room, 1, 13, StandardCharsets.US_ASCII));
        char[] chars = new char[13];
        assertEquals(13, NUMBERS.appendUnquoted(chars, 0));
        assertEquals("[1E-5,-0.0,3]", new String(chars));
        assertEquals(13, NUMBERS.charLength());
    }
}
