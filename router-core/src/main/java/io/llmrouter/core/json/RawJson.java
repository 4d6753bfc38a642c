package io.llmrouter.core.json;

import com.fasterxml.jackson.core.SerializableString;
import java.io.OutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A JSON value already written as UTF-8 bytes, for {@link com.fasterxml.jackson.core.JsonGenerator#writeRawValue(
 * SerializableString)}: the generator copies the bytes into its buffer as they are, with the separator the value's
 * place needs. Only text a parser read and checked as JSON belongs here; the generator does not look at it.
 */
public final class RawJson implements SerializableString {

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** A JSON array of the ASCII JSON values {@code elements} holds, separated by commas. */
    public static RawJson array(byte[] elements) {
        byte[] out = new byte[elements.length + 2];
        out[0] = '[';
        System.arraycopy(elements, 0, out, 1, elements.length);
        out[out.length - 1] = ']';
        return new RawJson(out);
    }

    @Override
    public String getValue() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        throw quoted();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return utf8;
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw quoted();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        throw quoted();
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        throw quoted();
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + utf8.length > buffer.length) {
            return -1;
        }
        System.arraycopy(utf8, 0, buffer, offset, utf8.length);
        return utf8.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String value = getValue();
        if (offset + value.length() > buffer.length) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, offset);
        return value.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw quoted();
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(utf8);
        return utf8.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw quoted();
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer out) {
        if (out.remaining() < utf8.length) {
            return -1;
        }
        out.put(utf8);
        return utf8.length;
    }

    /** A raw value is JSON already: quoting it as a string would be a writer bug. */
    private static UnsupportedOperationException quoted() {
        return new UnsupportedOperationException("a raw JSON value is not written as a string");
    }
}
