package io.llmrouter.core.convert.cohere;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.spec.OpenApiSchemaCheck;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What the Cohere encoders send must be what Cohere's published spec accepts. The spec declares the request
 * bodies of {@code POST /v1/chat} and {@code POST /v2/chat} inline (no component name), while
 * {@link OpenApiSchemaCheck} validates against named component schemas: this test's adapter copies the two inline
 * schemas into {@code components.schemas} of a temporary copy of the document and loads that copy by absolute path.
 */
class CohereSpecConformanceTest {

    private static final String V1_BODY = "RouterTestV1ChatRequestBody";
    private static final String V2_BODY = "RouterTestV2ChatRequestBody";

    private final Key v1Key = new Key(Protocol.COHERE, "https://api.cohere.com", "k");
    private final Key v2Key = new Key(Protocol.COHERE_V2, "https://api.cohere.com", "k");

    @TempDir
    Path tmp;

    @Test
    void encodedRichRequestsValidate() {
        OpenApiSchemaCheck spec = specWithInlineBodies();
        for (boolean stream : new boolean[] {false, true}) {
            ChatRequest v2Request = CohereV2RequestTest.richRequest(ToolChoice.named("get_weather")).toBuilder()
                    .stream(stream).build();
            JsonNode v2Body = Json.parseObject(Codecs.defaults().of(Protocol.COHERE_V2).encodeRequest(v2Request, "command-a", v2Key).body(),
                    "v2 body");
            assertEquals(List.of(), spec.validate(V2_BODY, v2Body), v2Body.toString());

            JsonNode v1Body = Json.parseObject(Codecs.defaults().of(Protocol.COHERE).encodeRequest(withoutImages(v2Request),
                    "command-r-plus", v1Key).body(), "v1 body");
            assertEquals(List.of(), spec.validate(V1_BODY, v1Body), v1Body.toString());
        }
    }

    @Test
    void v1ToolResultTurnValidates() {
        OpenApiSchemaCheck spec = specWithInlineBodies();
        ChatRequest r = CohereV2RequestTest.richRequest(null);
        List<Message> upToResults = r.messages().subList(0, 4);
        ChatRequest endsWithResults = withoutImages(r.toBuilder().messages(upToResults).build());
        JsonNode body = Json.parseObject(Codecs.defaults().of(Protocol.COHERE).encodeRequest(endsWithResults, "command-r", v1Key).body(),
                "v1 body");
        assertEquals("", body.get("message").asText());
        assertEquals(List.of(), spec.validate(V1_BODY, body), body.toString());
    }

    @Test
    void adapterSchemasDoRejectBrokenBodies() {
        OpenApiSchemaCheck spec = specWithInlineBodies();
        ObjectNode v2 = Json.object();
        v2.putArray("messages").addObject().put("role", "user").put("content", "hi");
        assertEquals(1, spec.validate(V2_BODY, v2).size(), "model is required by the v2 schema");
        ObjectNode v1 = Json.object().put("message", 5);
        assertEquals(false, spec.validate(V1_BODY, v1).isEmpty(), "message must be a string");
    }

    private static ChatRequest withoutImages(ChatRequest r) {
        return r.toBuilder().messages(r.messages().stream()
                .map(m -> new Message(m.role(), m.content().stream()
                        .filter(p -> !(p instanceof ContentPart.Image)).toList()))
                .filter(m -> m.role() != Role.USER || !m.content().isEmpty())
                .toList()).build();
    }

    /** The Cohere spec with the two inline request-body schemas registered as components, loaded by absolute path. */
    private OpenApiSchemaCheck specWithInlineBodies() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        options.setMaxAliasesForCollections(10_000);
        try (Reader in = Files.newBufferedReader(OpenApiSchemaCheck.specsDir().resolve("cohere-openapi.yaml"),
                StandardCharsets.UTF_8)) {
            ObjectNode doc = Json.MAPPER.valueToTree(new Yaml(options).load(in));
            ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
            schemas.set(V1_BODY, requestBody(doc, "/v1/chat"));
            schemas.set(V2_BODY, requestBody(doc, "/v2/chat"));
            Path copy = tmp.resolve("cohere-openapi-with-bodies.json");
            Json.MAPPER.writeValue(copy.toFile(), doc);
            return OpenApiSchemaCheck.load(copy.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode requestBody(JsonNode doc, String path) {
        JsonNode schema = doc.path("paths").path(path).path("post").path("requestBody").path("content")
                .path("application/json").path("schema");
        if (!schema.isObject()) {
            throw new IllegalStateException("no inline request body schema for POST " + path);
        }
        return schema;
    }
}
