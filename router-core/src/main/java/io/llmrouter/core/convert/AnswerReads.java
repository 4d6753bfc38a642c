package io.llmrouter.core.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.json.JsonReads;
import java.io.IOException;

/**
 * An upstream's answer read with a streaming parser, field by field, for answers too large to read as a tree (a batch
 * of embeddings is millions of numbers). What a reader does not take is skipped whole; malformed JSON, or a value of
 * the wrong shape, is an {@link IllegalArgumentException}, which makes the answer unreadable.
 */
public final class AnswerReads {

    /**
     * The mapper's parsers, which read numbers with the fast parser of floating-point text: it rounds exactly as
     * {@link Float#parseFloat} does and allocates a small part of what it does, and a batch answer is millions of
     * numbers.
     */
    private static final JsonFactory NUMBERS = Json.MAPPER.getFactory();

    private AnswerReads() {
    }

    /** Reads one field of an object, the parser on its value; false to have the value skipped. */
    @FunctionalInterface
    public interface Field {
        boolean read(String name, JsonParser p) throws IOException;
    }

    /** Reads one element of an array, the parser on it; it leaves the parser on the element's last token. */
    @FunctionalInterface
    public interface Element {
        void read(JsonParser p) throws IOException;
    }

    /** Reads the fields of the JSON object {@code body}, and checks that nothing follows it. */
    public static void answer(byte[] body, String what, Field field) {
        try (JsonParser p = NUMBERS.createParser(body)) {
            p.nextToken();
            object(p, what, field);
            if (!JsonReads.atEnd(p)) {
                throw new IllegalArgumentException(what + " has data after its end");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not valid JSON", e);
        }
    }

    /** Reads the fields of the object at the parser's current token. */
    public static void object(JsonParser p, String what, Field field) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException(what + " is not an object");
        }
        for (String name = JsonReads.nextField(p); name != null; name = JsonReads.nextField(p)) {
            if (!field.read(name, p)) {
                p.skipChildren();
            }
        }
    }

    /** Reads the elements of the array at the parser's current token. */
    public static void array(JsonParser p, String what, Element element) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(what + " is not an array");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            element.read(p);
        }
    }
}
