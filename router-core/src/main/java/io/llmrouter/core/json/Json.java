package io.llmrouter.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.RouterException;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON mapper of the codecs. Codecs read with the tree model or, on the hottest paths (OpenAI and Anthropic
 * upstream answers), token by token ({@link JsonReads}); they write with the tree model or straight with a generator
 * ({@link #write}: answers to OpenAI and Anthropic clients, Anthropic and Gemini upstream requests). No reflective
 * binding, so nothing needs registering for the native image.
 */
public final class Json {

    /** The limit in a parser limit's message: "... exceeds the maximum allowed (1000, from ...)". */
    private static final Pattern MAXIMUM = Pattern.compile("maximum allowed \\((\\d+)");
    /** The first quoted value of a parser message: the token or character it is about. */
    private static final Pattern QUOTED = Pattern.compile("'(.*?)'(?: \\(code|:|$| )");
    /** Longest quoted token in a syntax error. */
    private static final int MAX_TOKEN = 40;

    /**
     * Shared, thread-safe mapper. Numbers are written and read with Jackson's fast floating-point algorithms
     * (Schubfach and FastDoubleParser): the same shortest text and the same exact values as the JDK's, at a fraction
     * of the cost on Java 17, which is what an embeddings answer of thousands of floats is made of.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build())
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    /**
     * Reads trees with the root deserializer resolved once: {@code ObjectMapper.readTree} looks the type up and
     * builds its deserializer lookup on every call, which showed in profiles of the request path.
     */
    private static final ObjectReader TREE_READER = MAPPER.readerFor(JsonNode.class);

    /**
     * The most JSON tokens (values, field names, brackets) a client's request body may hold. A tree takes ~60 bytes
     * of heap per token, twelve times the JSON it is read from: a 9 MB body of 300,000 one-word messages (1.8
     * million tokens) became 130 MB of objects, more than a 256 MB heap has room for beside the rest. 500,000 tokens
     * bound a body's tree at ~30 MB; real requests, long conversations and large images included, hold far fewer.
     */
    public static final int MAX_REQUEST_TOKENS = 500_000;
    private static final ObjectReader REQUEST_READER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder().maxTokenCount(MAX_REQUEST_TOKENS).build()).build())
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .readerFor(JsonNode.class);

    private Json() {
    }

    /** Parses JSON text into a tree; empty input is a missing node, as with {@code ObjectMapper.readTree}. */
    public static JsonNode tree(byte[] json) throws IOException {
        return TREE_READER.readTree(json);
    }

    /** Parses JSON text into a tree; empty input is a missing node, as with {@code ObjectMapper.readTree}. */
    public static JsonNode tree(String json) throws IOException {
        return TREE_READER.readTree(json);
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses a JSON object; malformed JSON or a non-object becomes a 400 {@link RouterException}. */
    public static ObjectNode parseObject(byte[] body, String what) {
        return parseObject(body, what, TREE_READER);
    }

    /**
     * Parses a client's request body, at most {@link #MAX_REQUEST_TOKENS} JSON tokens of it; malformed JSON, a
     * non-object or more tokens become a 400 {@link RouterException}.
     */
    public static ObjectNode parseRequest(byte[] body) {
        return parseObject(body, "request body", REQUEST_READER);
    }

    private static ObjectNode parseObject(byte[] body, String what, ObjectReader reader) {
        if (body == null || body.length == 0) {
            throw RouterException.invalidRequest(what + " is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (IOException e) {
            throw RouterException.invalidRequest(what + " is not valid JSON: " + describe(e));
        }
        if (!(node instanceof ObjectNode obj)) {
            throw RouterException.invalidRequest(what + " must be a JSON object");
        }
        return obj;
    }

    /** Parses JSON text leniently for fields whose content we only pass along; null on failure. */
    public static JsonNode tryParse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return tree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes one JSON value with a generator. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * The bytes {@code writer} generates, written straight from the caller's data without a tree in between (no map
     * entry and node object per field), which measured faster than through a tree (docs/benchmarks.md, "Core (JMH)").
     * Trees inside (a tool call's arguments) go in with {@link JsonGenerator#writeTree}.
     */
    public static byte[] write(Writer writer) {
        JsonFactory factory = MAPPER.getFactory();
        BufferRecycler recycler = factory._getBufferRecycler();
        try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator g = factory.createGenerator(out)) {
                writer.write(g);
            }
            byte[] bytes = out.toByteArray();
            out.release();
            return bytes;
        } catch (IOException e) {
            // Writing to memory does not fail on I/O: only a writer bug (unbalanced object or array) lands here.
            throw new IllegalStateException("cannot write JSON", e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /**
     * The tree {@code writer} generates, for a tree-built body that embeds a part also written straight to bytes (a
     * usage object): one definition of its fields serves both.
     */
    public static ObjectNode objectTree(Writer writer) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            writer.write(buffer);
            return (ObjectNode) TREE_READER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Serializes a node. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JSON tree", e);
        }
    }

    /** Serializes a node to compact text. */
    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JSON tree", e);
        }
    }

    /**
     * What is wrong with unreadable JSON, in the caller's terms and with where it is ({@code unexpected end of input
     * at line 1, column 20}): the parser's own messages name its classes and settings
     * ({@code StreamReadConstraints.getMaxNestingDepth()}, {@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}), which
     * mean nothing to a caller. Values quoted from the input are cut short ({@link Echo}).
     */
    public static String describe(IOException e) {
        String problem = e instanceof StreamConstraintsException ? limit(e.getMessage())
                : e instanceof JsonProcessingException jpe ? syntax(jpe.getOriginalMessage())
                : "the input could not be read";
        JsonLocation at = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
        return at == null || at.getLineNr() < 0 ? problem
                : problem + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** A parser limit: the message says which one, and the limit is the number after "maximum allowed (". */
    private static String limit(String message) {
        Matcher max = MAXIMUM.matcher(String.valueOf(message));
        String n = max.find() ? max.group(1) : null;
        if (n == null) {
            return "the input exceeds the limits of the JSON parser";
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.startsWith("document nesting depth") ? "nesting deeper than " + n + " levels"
                : m.startsWith("string value length") ? "a string longer than " + n + " characters"
                : m.startsWith("number value length") ? "a number longer than " + n + " digits"
                : m.startsWith("name length") ? "a field name longer than " + n + " characters"
                : m.startsWith("document length") ? "a document longer than " + n + " bytes"
                : m.startsWith("token count") ? "more than " + n + " JSON tokens (values, field names and brackets)"
                : "the input exceeds a limit of the JSON parser (" + n + ")";
    }

    /** A syntax error, from the parser's message (stable wording; unknown ones are reduced to their first clause). */
    private static String syntax(String message) {
        String m = String.valueOf(message);
        Matcher token = QUOTED.matcher(m);
        String quoted = token.find() ? Echo.of(token.group(1), MAX_TOKEN) : "";
        if (m.startsWith("Non-standard token")) {
            return "NaN and Infinity are not valid JSON numbers";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        }
        if (m.startsWith("Trailing token")) {
            return "unexpected data after the JSON value";
        }
        if (m.contains("plus signs")) {
            return "a number cannot start with '+'";
        }
        if (m.contains("(non-standard) comment")) {
            return "comments are not allowed in JSON";
        }
        if (m.startsWith("Unrecognized token")) {
            return "unrecognized token '" + quoted + "'";
        }
        if (m.startsWith("Unrecognized character escape")) {
            return "invalid escape sequence '\\" + quoted + "'";
        }
        if (m.startsWith("Illegal unquoted character")) {
            return "a control character inside a string must be escaped";
        }
        if (m.startsWith("Illegal character") || m.startsWith("Invalid white space")) {
            return "a control character outside a string";
        }
        if (m.startsWith("Unexpected close marker")) {
            return "unexpected '" + quoted + "'" + (m.contains("expected '}'") ? " where '}' was expected"
                    : m.contains("expected ']'") ? " where ']' was expected" : "");
        }
        if (m.startsWith("Invalid UTF-8")) {
            return "the body is not valid UTF-8";
        }
        if (m.startsWith("Invalid numeric value") || m.contains("in numeric value")) {
            return "invalid number" + (m.contains("Leading zeroes") ? ": leading zeroes are not allowed"
                    : m.contains("Decimal point") ? ": a decimal point must be followed by a digit" : "");
        }
        if (m.startsWith("Unexpected character")) {
            return "unexpected character '" + quoted + "'" + (m.contains("colon") ? " where a colon was expected"
                    : m.contains("comma") ? " where a comma was expected"
                    : m.contains("field name") ? " where a field name in double quotes was expected" : "");
        }
        int clause = m.indexOf(':');
        String first = clause > 0 ? m.substring(0, clause) : m;
        return first.contains("`") || first.contains("Feature") || first.contains("com.")
                ? "malformed JSON" : Echo.of(first.substring(0, 1).toLowerCase(Locale.ROOT) + first.substring(1));
    }
}
