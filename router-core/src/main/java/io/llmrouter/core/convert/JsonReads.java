package io.llmrouter.core.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * Reading JSON with a streaming parser, token by token, for the hot decoders that need a few fields of a body and no
 * tree of it. Each helper reads the value at the parser's current token (skipping it whole when it is a container) and
 * answers what the tree model would have answered for that value, so that a decoder moved off trees keeps its results
 * for every input, odd ones included.
 */
public final class JsonReads {

    /** Reads one value in the middle of a body: the mapper's own check for trailing tokens would read past it. */
    private static final ObjectReader VALUE_READER = Json.MAPPER.readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonReads() {
    }

    /** A parser over {@code json}, positioned before its first token. */
    public static JsonParser parser(byte[] json) throws IOException {
        return Json.MAPPER.getFactory().createParser(json);
    }

    /** What the tree model does for a missing or empty body: no value at all. */
    public static boolean isEmpty(byte[] json) {
        return json == null || json.length == 0;
    }

    /**
     * The current value as text, as {@link JsonNode#asText(String)} gives it: strings as they are, numbers and booleans
     * as their text, {@code fallback} for null, and an empty string for objects and arrays (which are skipped).
     */
    public static String text(JsonParser p, String fallback) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_TRUE, VALUE_FALSE:
                return p.getText();
            case VALUE_NUMBER_FLOAT:
                return Double.toString(p.getDoubleValue()); // DoubleNode's text
            case START_OBJECT, START_ARRAY:
                p.skipChildren();
                return "";
            default:
                return fallback;
        }
    }

    /** The current value as text when it is a string, else null (the tree model's {@code isTextual()} test). */
    public static String string(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /**
     * The current value as an int when it is a number that fits one ({@code isNumber() && canConvertToInt()}, then
     * {@code asInt()}: a fraction is truncated), else {@code current}.
     */
    public static int intOr(JsonParser p, int current) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : current;
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            return d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE ? (int) d : current;
        }
        p.skipChildren();
        return current;
    }

    /** The current value as a tree, for the rare parts a decoder passes on whole (a tool call's arguments). */
    public static JsonNode tree(JsonParser p) throws IOException {
        return VALUE_READER.readTree(p);
    }

    /** Moves to the next field of the current object; its name, or null at the object's end. */
    public static String nextField(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            return name;
        }
        return null;
    }

    /**
     * Moves past the current value's elements one at a time, the way iterating a tree node goes: an array's elements,
     * an object's values, nothing for anything else. True while the parser sits on a new element.
     */
    public static boolean nextElement(JsonParser p, JsonToken container) throws IOException {
        if (container == JsonToken.START_ARRAY) {
            return p.nextToken() != JsonToken.END_ARRAY;
        }
        if (container == JsonToken.START_OBJECT) {
            return nextField(p) != null;
        }
        return false;
    }

    /** True when the body ends after its first value: reading a tree refuses trailing tokens, so must a decoder. */
    public static boolean atEnd(JsonParser p) throws IOException {
        return p.nextToken() == null;
    }
}
