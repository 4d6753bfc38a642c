package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.api.embed.EmbeddingInput;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.EmbeddingsCodec;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Guards that no fixture is left untested: every file of the fixture folders listed in {@link #FOLDERS} goes through
 * the decoder its path and name call for and decodes without an exception, and the fixtures directory holds no other
 * folder, so a folder copied in without a decoder route fails here until it gets one. The only files not decoded are
 * the notes and the two documented non-JSON files, whose documented nature is asserted.
 */
class AllFixturesDecodeTest {

    private static final Pattern ERROR_STATUS = Pattern.compile("error_(\\d{3})");

    /**
     * Error classes that differ from the bare status, each documented: a Gemini bad key is a 400
     * INVALID_ARGUMENT with reason API_KEY_INVALID (docs/routing.md#failure-classes), a trial key's monthly cap is
     * a 429 that waiting does not cure.
     */
    private static final Map<String, ErrorKind> KIND_EXCEPTIONS = Map.of(
            "gemini/error_400_api_key_invalid.json", ErrorKind.AUTHENTICATION,
            "observed/cohere_error_429_trial_key.json", ErrorKind.QUOTA_EXHAUSTED);

    /**
     * The fixture folders this test decodes, each with the chat codec its files belong to (see
     * {@link #protocolOrNull}): the recorded chat traffic of every protocol, the answers with prompt-cache usage of
     * {@code anthropic-extra}, the thinking traffic of {@code gemini-extra} and {@code cohere-extra}, the observed
     * third-party quotes and the hand-written shapes of {@code constructed}. Two Responses recordings are not chat
     * traffic the router decodes: a stateful continuation (refused) and the answer of the input-token count. The
     * count answers of Anthropic and Gemini are read as the router reads an upstream's count. The embeddings of
     * {@code embeddings} and {@code gemini-extra} go through their protocol's embeddings codec.
     */
    static final List<String> FOLDERS = List.of("anthropic", "anthropic-extra", "cohere", "cohere-extra",
            "constructed", "embeddings", "gemini", "gemini-extra", "observed", "openai", "openai-responses");

    @Test
    void theFixturesDirectoryHoldsExactlyTheCoveredFolders() throws IOException {
        try (Stream<Path> entries = Files.list(Fixtures.dir())) {
            assertEquals(FOLDERS, entries.map(p -> p.getFileName().toString()).sorted().toList(),
                    "a fixture folder without a decoder route here, or a covered folder gone");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureDecodes() {
        return FOLDERS.stream().flatMap(folder -> {
            List<String> files = Fixtures.list(folder);
            assertFalse(files.isEmpty(), folder + " is empty");
            return files.stream();
        }).map(f -> DynamicTest.dynamicTest(f, () -> decode(f)));
    }

    @Test
    void everyFixtureIsRouted() {
        // Fails the moment a fixture lands whose path or name says nothing to the router above.
        for (String f : FOLDERS.stream().flatMap(folder -> Fixtures.list(folder).stream()).toList()) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            boolean known = isNote(name) || name.endsWith(".headers.json") || isEmbedding(f)
                    || name.startsWith("request_") || name.startsWith("response_") || name.startsWith("stream_")
                    || name.contains("error_") || name.startsWith("v1_request_") || name.startsWith("v2_request_")
                    || name.startsWith("azure_stream_");
            assertTrue(known, "fixture with no decoder route: " + f);
            if (!isNote(name) && !name.endsWith(".headers.json")) {
                assertNotNull(protocolOrNull(f), "fixture with no protocol: " + f);
            }
        }
    }

    private static void decode(String f) {
        String name = f.substring(f.lastIndexOf('/') + 1);
        byte[] bytes = Fixtures.bytes(f);
        if (isNote(name)) {
            assertFalse(new String(bytes, StandardCharsets.UTF_8).isBlank(), f);
            return;
        }
        if (name.endsWith(".headers.json")) {
            JsonNode headers = Json.tryParse(new String(bytes, StandardCharsets.UTF_8));
            assertNotNull(headers, f + " is not JSON");
            // Header names are case-insensitive; openai-dotnet's records keep the server's capitals.
            boolean contentType = false;
            for (Iterator<String> names = headers.fieldNames(); names.hasNext(); ) {
                contentType |= names.next().equalsIgnoreCase("content-type");
            }
            assertTrue(contentType, f);
            return;
        }
        if (f.equals("gemini/request_inline_image.template.json")) {
            geminiTemplate(bytes);
            return;
        }
        if (f.equals("openai/stream_docs_abbreviated.txt")) {
            abbreviatedOpenAiStream(bytes);
            return;
        }
        if (f.equals("openai-responses/request_function_call_output_previous_response_id.json")) {
            // A stateful continuation: the router keeps no response state and refuses it naming the field.
            RouterException e = assertThrows(RouterException.class, () -> ConversionPath.CODECS
                    .of(Protocol.OPENAI_RESPONSES).decodeRequest(bytes, InboundContext.BODY_ONLY));
            assertEquals(400, e.error().status());
            assertEquals("unsupported_parameter", e.error().code());
            assertTrue(e.error().message().startsWith("'previous_response_id'"), e.error().message());
            return;
        }
        if (f.equals("openai-responses/response_input_tokens.json")) {
            // The answer of POST /v1/responses/input_tokens, a count rather than a response.
            JsonNode count = Json.tryParse(new String(bytes, StandardCharsets.UTF_8));
            assertEquals("response.input_tokens", count.path("object").asText());
            assertTrue(count.path("input_tokens").isInt(), f);
            return;
        }
        Protocol protocol = protocolOrNull(f);
        assertNotNull(protocol, "no protocol for " + f);
        ProtocolCodec codec = ConversionPath.CODECS.of(protocol);
        if (isEmbedding(f) && (name.contains("request_") || name.contains("response_"))) {
            embedding(f, name, codec);
            return;
        }
        if (name.startsWith("response_count_tokens")) {
            // The answer of a count of tokens (Anthropic's count_tokens, Gemini's countTokens), not a chat answer.
            assertTrue(codec.decodeCount(bytes) > 0, f);
            return;
        }
        if (name.endsWith(".response.json") || name.startsWith("response_")) {
            ChatResponse r = codec.decodeResponse(bytes);
            assertNotNull(r.finishReason(), f);
            assertFalse(r.content().isEmpty(), f);
        } else if (name.contains("request_")) {
            InboundContext ctx = protocol == Protocol.GEMINI ? InboundContext.gemini("gemini-2.0-flash", false, true)
                    : InboundContext.BODY_ONLY;
            ChatRequest r = codec.decodeRequest(bytes, ctx);
            assertFalse(r.messages().isEmpty(), f);
            if (protocol != Protocol.COHERE) {
                // Cohere v1 bodies may omit the model (optional in /v1/chat; the recorded LangChain calls do).
                assertNotNull(r.model(), f);
            }
        } else if (name.startsWith("stream_") || name.startsWith("azure_stream_")) {
            List<StreamEvent> events = Splits.whole(codec::streamDecoder, bytes);
            assertFalse(events.isEmpty(), f);
            StreamEvent last = events.get(events.size() - 1);
            boolean ended = events.stream().anyMatch(e -> e instanceof StreamEvent.Finish
                    || e instanceof StreamEvent.Error);
            assertTrue(ended, f + " ended without a finish or an error: " + last);
        } else {
            Matcher m = ERROR_STATUS.matcher(name);
            assertTrue(m.find(), "unclassified fixture " + f);
            int status = Integer.parseInt(m.group(1));
            ApiError e = codec.decodeError(status, bytes).error();
            assertEquals(status, e.status(), f);
            assertEquals(KIND_EXCEPTIONS.getOrDefault(f, ErrorKind.fromStatus(status)), e.kind(), f);
            assertFalse(e.message().isBlank(), f);
            if (f.startsWith("constructed/cohere/")) {
                // Cohere v1 and v2 share the error shape ({id, message}, docs/protocols.md#errors).
                assertEquals(e, ConversionPath.CODECS.of(Protocol.COHERE_V2).decodeError(status, bytes).error(), f);
            }
        }
    }

    /** Whether a fixture is embeddings traffic rather than chat. */
    private static boolean isEmbedding(String f) {
        return f.startsWith("embeddings/") || f.contains("embed_content");
    }

    /**
     * An embeddings request decodes to at least one input (the one the upstream refused, dimensions -42, is refused
     * by the router too, naming the field); an answer decodes to one embedding per input of its recorded request (or
     * of one input, for the SDK's answers recorded without theirs).
     */
    private static void embedding(String f, String name, ProtocolCodec codec) {
        EmbeddingsCodec embeddings = codec.embeddings();
        InboundContext ctx = codec.protocol() == Protocol.GEMINI
                ? InboundContext.gemini("gemini-embedding-2", false, true) : InboundContext.BODY_ONLY;
        if (name.contains("request_")) {
            if (name.contains("error_400_dimensions")) {
                RouterException e = assertThrows(RouterException.class,
                        () -> embeddings.decodeRequest(Json.parseRequest(Fixtures.bytes(f)), ctx, Drops.recording()));
                assertEquals("'dimensions' must be at least 1", e.error().message());
                return;
            }
            EmbeddingRequest r = embeddings.decodeRequest(Json.parseRequest(Fixtures.bytes(f)), ctx,
                    Drops.recording());
            assertFalse(r.inputs().isEmpty(), f);
            assertNotNull(r.model(), f);
            return;
        }
        String requestFile = f.replace("response_", "request_");
        EmbeddingRequest sent = Fixtures.list(f.substring(0, f.indexOf('/'))).contains(requestFile)
                ? embeddings.decodeRequest(Json.parseRequest(Fixtures.bytes(requestFile)), ctx, Drops.recording())
                : new EmbeddingRequest("text-embedding-3-large", List.of(new EmbeddingInput.Text("x")), true, null,
                        List.of(), null, null, null);
        EmbeddingResponse r = embeddings.decodeResponse(Fixtures.bytes(f), sent);
        assertEquals(sent.inputs().size(), r.embeddings().size(), f);
        assertTrue(r.inputTokens() > 0, f);
    }

    private static boolean isNote(String name) {
        return name.equals("README.md");
    }

    /** The codec a fixture belongs to, by directory and name (OpenAI-compatible providers use the OpenAI codec). */
    static Protocol protocolOrNull(String f) {
        String name = f.substring(f.lastIndexOf('/') + 1);
        if (f.startsWith("embeddings/")) {
            return name.startsWith("cohere_v2_") ? Protocol.COHERE_V2 : name.startsWith("cohere_v1_") ? Protocol.COHERE
                    : name.startsWith("openai_") ? Protocol.OPENAI : null;
        }
        if (f.startsWith("cohere/v2/") || f.startsWith("cohere-extra/") || f.startsWith("constructed/cohere/v2_")) {
            return Protocol.COHERE_V2;
        }
        if (f.startsWith("cohere/") || f.startsWith("constructed/cohere/") || f.startsWith("observed/cohere_")) {
            return Protocol.COHERE;
        }
        if (f.startsWith("openai-responses/")) {
            return Protocol.OPENAI_RESPONSES;
        }
        if (name.startsWith("azure_")) {
            return Protocol.AZURE_OPENAI;
        }
        if (f.startsWith("openai/") || f.startsWith("constructed/openai/") || f.startsWith("observed/mistral_")) {
            return Protocol.OPENAI;
        }
        if (f.startsWith("anthropic/") || f.startsWith("anthropic-extra/") || f.startsWith("constructed/anthropic/")
                || f.startsWith("observed/anthropic_")) {
            return Protocol.ANTHROPIC;
        }
        if (f.startsWith("gemini/") || f.startsWith("gemini-extra/") || f.startsWith("constructed/gemini/")
                || f.startsWith("observed/gemini_")) {
            return Protocol.GEMINI;
        }
        return null;
    }

    /**
     * testdata/SOURCES.md: "not valid JSON (contains the shell substitution {@code $(cat "$TEMP_B64")} for base64
     * data)". With the substitution done, as the shell would, it is a valid Gemini request with a snake_case inline
     * image.
     */
    private static void geminiTemplate(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertNull(Json.tryParse(text), "the template is documented as not JSON");
        String substitution = "$(cat \"$TEMP_B64\")";
        assertTrue(text.contains(substitution), text);
        byte[] filled = text.replace(substitution, Scenarios.PNG_BASE64).getBytes(StandardCharsets.UTF_8);
        ChatRequest r = ConversionPath.CODECS.of(Protocol.GEMINI).decodeRequest(filled,
                InboundContext.gemini("gemini-2.0-flash", false, true));
        ContentPart.Image image = r.messages().get(0).content().stream().filter(ContentPart.Image.class::isInstance)
                .map(ContentPart.Image.class::cast).findFirst().orElseThrow();
        assertEquals("image/jpeg", image.mediaType());
        assertEquals(Scenarios.PNG_BASE64, image.data());
    }

    /**
     * testdata/SOURCES.md: "abbreviated by the docs ({@code ....}), no {@code data:} prefixes, no {@code [DONE]}; kept
     * only as a pointer". Every other line is a chunk; framed as SSE they decode to a text stream ending in stop.
     */
    private static void abbreviatedOpenAiStream(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(text.contains("data:"), "documented without data: prefixes");
        assertFalse(text.contains("[DONE]"), "documented without [DONE]");
        assertTrue(text.contains("...."), "documented as abbreviated");
        StringBuilder sse = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.strip().equals("....")) {
                continue;
            }
            assertNotNull(Json.tryParse(line), "chunk line is not JSON: " + line);
            sse.append("data: ").append(line.strip()).append("\n\n");
        }
        List<StreamEvent> events = Splits.whole(ConversionPath.CODECS.of(Protocol.OPENAI)::streamDecoder,
                sse.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(events.contains(new StreamEvent.TextDelta("Hello")), events.toString());
        assertTrue(events.contains(new StreamEvent.Finish(io.llmrouter.api.chat.FinishReason.STOP)), events.toString());
    }
}
