package io.llmrouter.core.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.llmrouter.api.error.RouterException;
import java.io.IOException;

/**
 * The one JSON mapper of the codecs. Codecs read with the tree model or, on the hottest paths (OpenAI and Anthropic
 * upstream answers), token by token ({@link JsonReads}); they write with the tree model or straight with a generator
 * ({@link #write}: answers to OpenAI and Anthropic clients, Anthropic and Gemini upstream requests). No reflective
 * binding, so nothing needs registering for the native image.
 */
public final class Json {

    /** Shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    /**
     * Reads trees with the root deserializer resolved once: {@code ObjectMapper.readTree} looks the type up and
     * builds its deserializer lookup on every call, which showed in profiles of the request path.
     */
    private static final ObjectReader TREE_READER = MAPPER.readerFor(JsonNode.class);

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

    /** Parses a client body; malformed JSON or a non-object becomes a 400 {@link RouterException}. */
    public static ObjectNode parseObject(byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw RouterException.invalidRequest(what + " is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = tree(body);
        } catch (IOException e) {
            throw RouterException.invalidRequest(what + " is not valid JSON: " + shortMessage(e));
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

    private static String shortMessage(IOException e) {
        String m = e.getMessage();
        if (e instanceof JsonProcessingException jpe) {
            m = jpe.getOriginalMessage();
            if (jpe.getLocation() != null) {
                m += " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
            }
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
