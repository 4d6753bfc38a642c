package io.llmrouter.core.json;

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
     * The current value as text, as {@link JsonNode#asText(String)} gives it: strings as they are, {@code fallback} for
     * null; anything else (numbers, booleans, containers: never in a well-formed body) is read as a tree and asked.
     */
    public static String text(JsonParser p, String fallback) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return fallback;
        }
        return tree(p).asText(fallback);
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
     * {@code asInt()}), else {@code current}.
     */
    public static int intOr(JsonParser p, int current) throws IOException {
        if (isPlainInt(p)) {
            return p.getIntValue();
        }
        JsonNode n = tree(p);
        return n.isNumber() && n.canConvertToInt() ? n.asInt() : current;
    }

    /** The current value as {@link JsonNode#asInt(int)} reads it (numbers truncated, numeric strings parsed). */
    public static int asInt(JsonParser p, int fallback) throws IOException {
        return isPlainInt(p) ? p.getIntValue() : tree(p).asInt(fallback);
    }

    private static boolean isPlainInt(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT;
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
