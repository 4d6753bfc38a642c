package io.llmrouter.core.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Only a {@link RouterException} leaves a client-side decoder, whatever goes wrong inside it: the composed codec turns
 * a decoder's unexpected runtime exception into the caller's 400, in the caller's own format.
 */
class DecoderGuardTest {

    /**
     * A body whose every read fails the way a decoder's oversight would. Jackson's own ObjectNode.deepCopy override
     * is what javac flags as unchecked in any subclass; nothing here copies the node.
     */
    @SuppressWarnings("unchecked")
    private static ObjectNode failingBody() {
        return new ObjectNode(JsonNodeFactory.instance) {
            private static final long serialVersionUID = 1L;

            @Override
            public JsonNode get(String name) {
                throw new IllegalStateException("unforeseen");
            }

            @Override
            public JsonNode path(String name) {
                throw new IllegalStateException("unforeseen");
            }

            @Override
            public boolean has(String name) {
                throw new IllegalStateException("unforeseen");
            }

            @Override
            public Set<Map.Entry<String, JsonNode>> properties() {
                throw new IllegalStateException("unforeseen");
            }

            @Override
            public Iterator<String> fieldNames() {
                throw new IllegalStateException("unforeseen");
            }
        };
    }

    private static InboundContext context(Protocol p) {
        return p == Protocol.GEMINI ? InboundContext.gemini("gemini-2.5-flash", false, false) : InboundContext.BODY_ONLY;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void anUnexpectedExceptionInAChatDecoderIsTheCallersBadRequest(Protocol p) {
        ProtocolCodec codec = Codecs.defaults().of(p);
        RouterException e = assertThrows(RouterException.class,
                () -> codec.decodeRequest(failingBody(), context(p), Drops.recording()));
        assertBadRequestInOwnFormat(codec, e);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void anUnexpectedExceptionInACountDecoderIsTheCallersBadRequest(Protocol p) {
        ProtocolCodec codec = Codecs.defaults().of(p);
        if (!codec.answersCounts()) {
            return;
        }
        RouterException e = assertThrows(RouterException.class,
                () -> codec.decodeCountRequest(failingBody(), context(p), Drops.recording()));
        assertBadRequestInOwnFormat(codec, e);
    }

    private static void assertBadRequestInOwnFormat(ProtocolCodec codec, RouterException e) {
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertEquals("request body could not be read: IllegalStateException", e.error().message());
        EncodedError encoded = codec.encodeError(e.error());
        assertEquals(400, encoded.status());
        String body = new String(encoded.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("request body could not be read"), body);
        String shape = switch (codec.protocol()) {
            case OPENAI, AZURE_OPENAI, OPENAI_RESPONSES -> "\"type\":\"invalid_request_error\"";
            case ANTHROPIC -> "{\"type\":\"error\"";
            case GEMINI -> "\"status\":\"INVALID_ARGUMENT\"";
            case COHERE, COHERE_V2 -> "\"message\":\"request body";
        };
        assertTrue(body.contains(shape), codec.protocol() + ": " + body);
    }
}
